// Preloaded into the API by run.mjs (`node --require api-probe.cjs main.js`),
// benchmark only — never in production:
//  * event-loop delay (perf_hooks.monitorEventLoopDelay, 10 ms timer):
//    once a second, one JSON line {at, p50Ms, p99Ms, maxMs, meanMs, heapUsedMb,
//    majorGcMs (longest full GC pause)} appended
//    to $BENCH_PROBE_FILE, so the benchmark can tell a busy API loop from a
//    slow database;
//  * with $BENCH_CPU_PROFILE set and an IPC channel, the message
//    'cpu-profile:start' starts the V8 CPU profiler and 'cpu-profile:stop'
//    writes the .cpuprofile there, so the profile covers the load only, not
//    the start-up (--cpu-prof would need a clean exit, which Nest's signal
//    shutdown does not give; and Nest's enableShutdownHooks() treats SIGUSR2
//    as a shutdown signal, so no signal is used).
'use strict';
const { appendFileSync, writeFileSync } = require('node:fs');
const { constants, monitorEventLoopDelay, PerformanceObserver } = require('node:perf_hooks');

const probeFile = process.env.BENCH_PROBE_FILE;
if (probeFile) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  // Garbage-collection pauses of the main thread in the same second: the longest full (mark-compact) one.
  let longestMajorGcMs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) longestMajorGcMs = Math.max(longestMajorGcMs, entry.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  // The histogram holds the time between two ticks of a 10 ms timer: the delay is what exceeds 10 ms.
  const ms = (ns) => Math.max(0, Math.round((ns / 1e6 - 10) * 100) / 100);
  setInterval(() => {
    if (histogram.count > 0) {
      const { heapUsed } = process.memoryUsage();
      const line = { at: Date.now(), p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max), meanMs: ms(histogram.mean), heapUsedMb: Math.round(heapUsed / 1048576), majorGcMs: Math.round(longestMajorGcMs * 10) / 10 };
      longestMajorGcMs = 0;
      appendFileSync(probeFile, `${JSON.stringify(line)}\n`);
    }
    histogram.reset();
  }, 1000).unref();
}

const profileFile = process.env.BENCH_CPU_PROFILE;
if (profileFile && process.send) {
  const { Session } = require('node:inspector');
  const session = new Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  process.channel.unref();
  process.on('message', (message) => {
    const step =
      message === 'cpu-profile:start'
        ? post('Profiler.enable').then(() => post('Profiler.setSamplingInterval', { interval: 500 })).then(() => post('Profiler.start'))
        : message === 'cpu-profile:stop'
          ? post('Profiler.stop').then(({ profile }) => writeFileSync(profileFile, JSON.stringify(profile)))
          : null;
    step?.then(
      () => process.send(`${message}:done`),
      (error) => process.stderr.write(`[api-probe] ${error.message}\n`),
    );
  });
}

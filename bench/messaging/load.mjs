// Load generator (its own process): one socket.io client per account, each
// pair sending ~1 KB encrypted messages at a share of the target rate; the
// time from send to delivery at the OTHER person's socket is measured.
//   node load.mjs <config.json>   → prints one JSON line with the results
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { Agent, request } from 'undici';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
// transport (Passerelle only): 'http' — POST /api/messaging/threads/:id/messages; 'socket' — the message:send event.
const { mode, url, pairs, rates, stepSeconds, warmUpSeconds = 0, transport = 'http' } = config;
const DELIVERY_TIMEOUT_MS = 5_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null;
};
const loopback = (i) => `127.${1 + (i >> 16) % 254}.${(i >> 8) & 255}.${1 + (i & 255) % 254}`;

// threadId → { resolve, started } for the one message in flight per pair.
const inFlight = new Map();
let duplicates = 0;
let stray = 0;

function connect(account, threadIdsByAccount) {
  const socket =
    mode === 'passerelle'
      ? io(url, { path: '/socket.io', transports: ['websocket'], reconnection: false, extraHeaders: { cookie: `passerelle_session=${account.token}` } })
      : io(url, { transports: ['websocket'], reconnection: false, auth: { accountId: account.accountId } });
  const seen = new Set();
  socket.on('message:new', (message, ack) => {
    if (typeof ack === 'function') ack({ ok: true });
    if (message.senderAccountId === account.accountId) return; // my own message echoed to my room
    if (seen.has(message.id)) {
      duplicates++;
      return;
    }
    seen.add(message.id);
    const pending = inFlight.get(message.threadId);
    if (!pending || !threadIdsByAccount.has(message.threadId)) {
      stray++;
      return;
    }
    inFlight.delete(message.threadId);
    pending.resolve(performance.now() - pending.started);
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function main() {
  const started = Date.now();
  const sockets = new Map();
  const accounts = pairs.flatMap((p) => [p.patient, p.doctor].map((a) => ({ ...a, threadId: p.threadId })));
  for (let i = 0; i < accounts.length; i += 50) {
    const batch = accounts.slice(i, i + 50);
    const connected = await Promise.all(batch.map((a) => connect(a, new Set([a.threadId]))));
    batch.forEach((a, j) => sockets.set(a.accountId, connected[j]));
  }
  const connectSeconds = (Date.now() - started) / 1000;

  const agents = pairs.map((_, i) => new Agent({ localAddress: loopback(i + 1), connections: 2, keepAliveTimeout: 30_000 }));
  async function send(pairIndex, from, to) {
    const pair = pairs[pairIndex];
    if (mode === 'passerelle' && transport === 'socket') {
      // The sender's own socket.io connection (message:send), acknowledged once stored.
      const result = await sockets.get(from.accountId).timeout(DELIVERY_TIMEOUT_MS).emitWithAck('message:send', { threadId: pair.threadId, body: from.body });
      return result?.ok === true;
    }
    if (mode === 'passerelle') {
      const response = await request(`${url}/api/messaging/threads/${pair.threadId}/messages`, {
        method: 'POST',
        dispatcher: agents[pairIndex],
        headers: {
          cookie: `passerelle_session=${from.token}; XSRF-TOKEN=${from.csrf}`,
          'x-xsrf-token': from.csrf,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({ body: from.body }),
      });
      await response.body.text();
      return response.statusCode === 201;
    }
    const result = await sockets.get(from.accountId).timeout(DELIVERY_TIMEOUT_MS).emitWithAck('send', { threadId: pair.threadId, to: to.accountId, body: from.body });
    return result?.ok === true;
  }

  // The generator shares the cores: a late timer or a late 'message:new'
  // callback adds to the measured latency. Its own event-loop delay is
  // reported with each step so that part can be told apart.
  // The histogram holds the time between two ticks of a 10 ms timer: the delay is what exceeds 10 ms.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const lateMs = (ns) => round(Math.max(0, ns / 1e6 - 10));
  loopDelay.enable();
  /** One step: every pair sends at its share of `rate` for `seconds`, one message in flight per pair. */
  async function runStep(rate, seconds) {
    const latencies = [];
    let sent = 0;
    let failed = 0;
    let lost = 0;
    const interval = (pairs.length / rate) * 1000;
    loopDelay.reset();
    const cpuAtStart = process.cpuUsage();
    const startedAt = Date.now();
    const stepStart = performance.now();
    const end = stepStart + seconds * 1000;
    duplicates = 0;
    stray = 0;
    await Promise.all(
      pairs.map(async (pair, i) => {
        let next = stepStart + Math.random() * interval;
        let turn = i % 2;
        while (next < end) {
          const wait = next - performance.now();
          if (wait > 0) await sleep(wait);
          const [from, to] = turn === 0 ? [pair.patient, pair.doctor] : [pair.doctor, pair.patient];
          turn = 1 - turn;
          let timer;
          const delivered = new Promise((resolve) => {
            // The delivery timeout is cleared on delivery: no thousands of pending timers in this loop.
            timer = setTimeout(() => resolve(null), DELIVERY_TIMEOUT_MS);
            inFlight.set(pair.threadId, { resolve: (latency) => (clearTimeout(timer), resolve(latency)), started: performance.now() });
          });
          let ok = false;
          try {
            ok = await send(i, from, to);
          } catch {
            ok = false;
          }
          if (!ok) {
            failed++;
            clearTimeout(timer);
            inFlight.delete(pair.threadId);
          } else {
            sent++;
            const latency = await delivered;
            if (latency === null) {
              lost++;
              inFlight.delete(pair.threadId);
            } else {
              latencies.push(latency);
            }
          }
          next += interval;
        }
      }),
    );
    const elapsed = (performance.now() - stepStart) / 1000;
    return {
      targetRate: rate,
      seconds: Math.round(elapsed * 10) / 10,
      sent,
      delivered: latencies.length,
      failedSends: failed,
      lost,
      duplicates,
      stray,
      achievedRate: Math.round(latencies.length / elapsed),
      p50Ms: round(percentile(latencies, 50)),
      p95Ms: round(percentile(latencies, 95)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(percentile(latencies, 100)),
      generatorLoopDelayMs: { mean: lateMs(loopDelay.mean), p99: lateMs(loopDelay.percentile(99)), max: lateMs(loopDelay.max) },
      generatorCpuMsPerMessage: latencies.length ? round(cpuMs(process.cpuUsage(cpuAtStart)) / latencies.length) : null,
      startedAt,
      endedAt: Date.now(),
    };
  }

  // Warm-up, not measured: a server that has just started compiles its hot
  // paths (V8's optimising compiler) and fills its pools during its first
  // thousands of requests; a server in service has done so long ago.
  let warmUp = null;
  if (warmUpSeconds > 0) {
    warmUp = await runStep(rates[0], warmUpSeconds);
    process.stderr.write(`[load:${mode}] warm-up (not counted): ${JSON.stringify(warmUp)}\n`);
  }
  const steps = [];
  for (const rate of rates) {
    const step = await runStep(rate, stepSeconds);
    steps.push(step);
    process.stderr.write(`[load:${mode}] ${JSON.stringify(step)}\n`);
    const ok = step.p99Ms !== null && step.p99Ms <= 100 && step.lost === 0 && step.duplicates === 0 && step.achievedRate >= 0.9 * rate;
    if (!ok) break;
  }
  for (const socket of sockets.values()) socket.disconnect();
  await Promise.all(agents.map((a) => a.close()));
  process.stdout.write(`${JSON.stringify({ mode, ...(mode === 'passerelle' ? { transport } : {}), clients: sockets.size, connectSeconds, warmUp, steps })}\n`);
}

const cpuMs = ({ user, system }) => (user + system) / 1000;
const round = (n) => (n === null ? null : Math.round(n * 10) / 10);

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});

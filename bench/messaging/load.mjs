// Load generator (its own process): one socket.io client per account, each
// pair sending ~1 KB encrypted messages at a share of the target rate; the
// time from send to delivery at the OTHER person's socket is measured.
//   node load.mjs <config.json>   → prints one JSON line with the results
//
// config: { mode, url, pairs, rates, stepSeconds,
//           p99TargetMs = 100        a step "holds" when p99 ≤ this, nothing lost or duplicated, ≥ 90 % of the rate
//           resilient = false        clients as the web app runs them (bench:cluster): they reconnect by
//                                    themselves and `sync` what they missed; a send whose answer is lost
//                                    (instance gone) is checked with `sync` before being sent again
//           failoverAtSeconds        with a parent process (fork): asks it, at that second of the first
//                                    step, to kill an instance ({ type: 'failover' } over IPC)
//           deliveryTimeoutMs = 5000 }
// and each pair may carry knownSeq: the thread's last seq before the run (0 for a new thread).
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { Agent, request } from 'undici';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
// transport (Passerelle only): 'http' — POST /api/messaging/threads/:id/messages; 'socket' — the message:send event.
const { mode, url, pairs, rates, stepSeconds, warmUpSeconds = 0, transport = 'http' } = config;
const P99_TARGET_MS = config.p99TargetMs ?? 100;
const RESILIENT = config.resilient === true;
const DELIVERY_TIMEOUT_MS = config.deliveryTimeoutMs ?? 5_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null;
};
const loopback = (i) => `127.${1 + (i >> 16) % 254}.${(i >> 8) & 255}.${1 + (i & 255) % 254}`;

// threadId → { resolve, started, afterSeq } for the one message in flight per pair.
const inFlight = new Map();
let duplicates = 0;
let stray = 0;
// Resilient mode: deliveries that came by `sync` after a reconnection, and reconnections.
let caughtUp = 0;
let reconnections = 0;

function connect(account, threadIdsByAccount) {
  const socket =
    mode === 'passerelle'
      ? io(url, {
          path: '/socket.io',
          transports: ['websocket'],
          reconnection: RESILIENT,
          reconnectionDelay: 100,
          reconnectionDelayMax: 1_000,
          extraHeaders: { cookie: `passerelle_session=${account.token}` },
        })
      : io(url, { transports: ['websocket'], reconnection: false, auth: { accountId: account.accountId } });
  const seenLive = new Set();
  // Resilient: highest seq delivered per thread (own messages included), as the web app's ThreadSequencer.
  const lastSeq = new Map([...threadIdsByAccount].map((id) => [id, account.knownSeq ?? 0]));
  const deliver = (message, live) => {
    if (RESILIENT) {
      if (message.seq <= (lastSeq.get(message.threadId) ?? 0)) return; // already had it (live and sync overlap)
      lastSeq.set(message.threadId, message.seq);
    }
    if (message.senderAccountId === account.accountId) return; // my own message echoed to my room
    const pending = inFlight.get(message.threadId);
    if (!pending || !threadIdsByAccount.has(message.threadId) || (RESILIENT && message.seq <= pending.afterSeq)) {
      stray++;
      return;
    }
    if (!live) caughtUp++;
    inFlight.delete(message.threadId);
    pending.resolve(performance.now() - pending.started);
  };
  socket.on('message:new', (message, ack) => {
    if (typeof ack === 'function') ack({ ok: true });
    if (seenLive.has(message.id)) {
      duplicates++; // the server pushed the same message twice on this connection
      return;
    }
    seenLive.add(message.id);
    deliver(message, true);
  });
  const sync = () =>
    socket.timeout(10_000).emitWithAck('sync', { threads: Object.fromEntries([...threadIdsByAccount].map((id) => [id, lastSeq.get(id) ?? 0])) }).then(
      (result) => {
        if (result?.ok) for (const message of result.messages) deliver(message, false);
        return result?.ok === true;
      },
      () => false,
    );
  const client = { socket, sync, lastSeq };
  if (RESILIENT) {
    socket.io.on('reconnect', () => reconnections++);
    socket.on('connect', () => void sync());
  }
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', reject);
  });
}

async function main() {
  const started = Date.now();
  const clients = new Map();
  const accounts = pairs.flatMap((p) => [p.patient, p.doctor].map((a) => ({ ...a, threadId: p.threadId, knownSeq: p.knownSeq ?? 0 })));
  for (let i = 0; i < accounts.length; i += 50) {
    const batch = accounts.slice(i, i + 50);
    const connected = await Promise.all(batch.map((a) => connect(a, new Set([a.threadId]))));
    batch.forEach((a, j) => clients.set(a.accountId, connected[j]));
  }
  const connectSeconds = (Date.now() - started) / 1000;

  const agents = pairs.map((_, i) => new Agent({ localAddress: loopback(i + 1), connections: 2, keepAliveTimeout: 30_000 }));
  let resent = 0;
  let unknownOutcome = 0;

  async function post(pairIndex, from) {
    const pair = pairs[pairIndex];
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
    const text = await response.body.text();
    return { status: response.statusCode, message: response.statusCode === 201 ? JSON.parse(text) : null };
  }

  /** Resilient: was the message stored although its answer was lost? Asks `sync` once the sender is connected again. */
  async function storedMeanwhile(pair, from, afterSeq) {
    const client = clients.get(from.accountId);
    const deadline = Date.now() + 15_000;
    while (!client.socket.connected && Date.now() < deadline) await sleep(50);
    const result = await client.socket
      .timeout(10_000)
      .emitWithAck('sync', { threads: { [pair.threadId]: afterSeq } })
      .catch(() => null);
    if (!result?.ok) return undefined; // still unknown
    return result.messages.find((m) => m.senderAccountId === from.accountId && m.seq > afterSeq) ?? null;
  }

  async function send(pairIndex, from, to, afterSeq) {
    const pair = pairs[pairIndex];
    if (mode === 'passerelle' && transport === 'socket') {
      // The sender's own socket.io connection (message:send), acknowledged once stored.
      const result = await clients.get(from.accountId).socket.timeout(DELIVERY_TIMEOUT_MS).emitWithAck('message:send', { threadId: pair.threadId, body: from.body });
      return result?.ok === true;
    }
    if (mode !== 'passerelle') {
      const result = await clients.get(from.accountId).socket.timeout(DELIVERY_TIMEOUT_MS).emitWithAck('send', { threadId: pair.threadId, to: to.accountId, body: from.body });
      return result?.ok === true;
    }
    for (let attempt = 1; attempt <= 10; attempt++) {
      const answer = await post(pairIndex, from).catch(() => ({ status: 0, message: null }));
      if (answer.status === 201) return true;
      if (!RESILIENT || (answer.status !== 0 && answer.status < 500)) return false;
      unknownOutcome++;
      const stored = await storedMeanwhile(pair, from, afterSeq);
      if (stored) return true;
      if (stored === null) resent++;
      else await sleep(200);
    }
    return false;
  }

  let failoverAsked = false;

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
    caughtUp = 0;
    reconnections = 0;
    resent = 0;
    unknownOutcome = 0;
    const failoverTimer =
      config.failoverAtSeconds !== undefined && !failoverAsked && process.send
        ? setTimeout(() => {
            failoverAsked = true;
            process.send({ type: 'failover' });
          }, config.failoverAtSeconds * 1000)
        : null;
    await Promise.all(
      pairs.map(async (pair, i) => {
        let next = stepStart + Math.random() * interval;
        let turn = i % 2;
        while (next < end) {
          const wait = next - performance.now();
          if (wait > 0) await sleep(wait);
          const [from, to] = turn === 0 ? [pair.patient, pair.doctor] : [pair.doctor, pair.patient];
          turn = 1 - turn;
          // The highest seq the sender has seen in this thread: the message it sends comes after it.
          const afterSeq = clients.get(from.accountId).lastSeq.get(pair.threadId) ?? 0;
          let timer;
          const delivered = new Promise((resolve) => {
            // The delivery timeout is cleared on delivery: no thousands of pending timers in this loop.
            timer = setTimeout(() => resolve(null), DELIVERY_TIMEOUT_MS);
            inFlight.set(pair.threadId, { resolve: (latency) => (clearTimeout(timer), resolve(latency)), started: performance.now(), afterSeq });
          });
          let ok = false;
          try {
            ok = await send(i, from, to, afterSeq);
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
    if (failoverTimer) clearTimeout(failoverTimer);
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
      ...(RESILIENT ? { reconnections, caughtUpBySync: caughtUp, sendsWithLostAnswer: unknownOutcome, resent } : {}),
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
    const ok = step.p99Ms !== null && step.p99Ms <= P99_TARGET_MS && step.lost === 0 && step.duplicates === 0 && step.failedSends === 0 && step.achievedRate >= 0.9 * rate;
    if (!ok) break;
  }
  const connectedAtEnd = [...clients.values()].filter((c) => c.socket.connected).length;
  for (const client of clients.values()) client.socket.disconnect();
  await Promise.all(agents.map((a) => a.close()));
  process.stdout.write(`${JSON.stringify({ mode, ...(mode === 'passerelle' ? { transport } : {}), clients: clients.size, connectedAtEnd, connectSeconds, warmUp, steps })}\n`);
  // An IPC channel (fork) keeps the process alive.
  process.disconnect?.();
}

const cpuMs = ({ user, system }) => (user + system) / 1000;
const round = (n) => (n === null ? null : Math.round(n * 10) / 10);

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});

// CPU time by process from /proc (Linux), for CPU-per-request figures: unlike
// latency, they hardly depend on what else the shared machine runs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TICKS_PER_SECOND = 100; // USER_HZ of /proc/<pid>/stat

/** [parent pid, CPU ms (user + system), of which system] of a process; null when it is gone. */
function stat(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .split(') ')
      .pop()
      .split(' ');
    return [
      Number(fields[1]),
      ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND,
      (Number(fields[12]) * 1000) / TICKS_PER_SECOND,
    ];
  } catch {
    return null;
  }
}

/**
 * CPU ms of PostgreSQL's processes by pid: the postmaster and its children.
 * A backend that exits takes its time with it, so deltas are taken per pid
 * (postgresDelta): a lower bound when backends exit during the measurement.
 */
function postgresByPid(clusterDir) {
  const postmaster = Number(
    readFileSync(join(clusterDir, 'data', 'postmaster.pid'), 'utf8').split(
      '\n',
    )[0],
  );
  const byPid = new Map([[String(postmaster), stat(postmaster)?.[1] ?? 0]]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(entry);
    if (s && s[0] === postmaster) byPid.set(entry, s[1]);
  }
  return byPid;
}

const postgresDelta = (before, after) => {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
};

/** Busy CPU ms of the whole machine (/proc/stat, all processes). */
function machineBusyMs() {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync(
    '/proc/stat',
    'utf8',
  )
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return (
    ((user + nice + system + irq + softirq + steal) * 1000) / TICKS_PER_SECOND
  );
}

/**
 * Snapshot of the API's, PostgreSQL's, this process's (the load generator's)
 * and the machine's CPU (`apiPid` is a function: the API may be restarted); `since(before, count)` gives ms per unit of `count`.
 */
export function cpuMeter({ apiPid, clusterDir }) {
  const take = () => ({
    at: performance.now(),
    api: stat(apiPid())?.[1] ?? NaN,
    apiSystem: stat(apiPid())?.[2] ?? NaN,
    postgres: clusterDir ? postgresByPid(clusterDir) : null,
    generator: stat(process.pid)[1],
    machine: machineBusyMs(),
  });
  return {
    take,
    since(before, count) {
      const after = take();
      const round = (ms) => Math.round((ms / count) * 1000) / 1000;
      const per = (key) => round(after[key] - before[key]);
      return {
        apiMsPer: per('api'),
        apiSystemMsPer: per('apiSystem'),
        postgresMsPer: after.postgres
          ? round(postgresDelta(before.postgres, after.postgres))
          : null,
        generatorMsPer: per('generator'),
        machineBusyCores:
          Math.round(
            ((after.machine - before.machine) / (after.at - before.at)) * 100,
          ) / 100,
      };
    },
  };
}

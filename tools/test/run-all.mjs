// `npm test`: every test tier, in order, stopping at the first failure; needs
// nothing running beforehand (databases and servers are started and removed
// by the tiers themselves).
//
//   node tools/test/run-all.mjs                 all stages
//   node tools/test/run-all.mjs unit            one tier (with what it needs first):
//                               integration | e2e-api | e2e-cluster | e2e-web | lint | build
//
// The last line printed is "N passed, N failed": the sum of the test counts
// reported by jest and Playwright.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './postgres-cluster.mjs';

const BIN = join(WORKSPACE_ROOT, 'node_modules', '.bin');
const RESULTS = join(WORKSPACE_ROOT, 'tmp', 'test-results');
const STAGE_TIMEOUT_MS = 30 * 60_000;

const NX_ENV = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const E2E_TSCONFIGS = ['apps/api-e2e/tsconfig.spec.json', 'apps/web-e2e/tsconfig.json'];
const bin = (name) => join(BIN, name);
const nx = (...args) => [bin('nx'), ...args, '--outputStyle=stream'];

const out = (line = '') => process.stdout.write(`${line}\n`);
// eslint-disable-next-line no-control-regex -- ANSI escape sequences start with ESC
const stripAnsi = (text) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

/** Sums jest's "Tests: 1 failed, 2 skipped, 3 passed, 6 total" lines. */
function jestSummaryCounts(text) {
  const counts = { passed: 0, failed: 0 };
  for (const line of stripAnsi(text).split('\n')) {
    const match = /Tests:\s+(.*\d+ total)/.exec(line);
    if (!match) continue;
    counts.passed += Number(/(\d+) passed/.exec(match[1])?.[1] ?? 0);
    counts.failed += Number(/(\d+) failed/.exec(match[1])?.[1] ?? 0);
  }
  return counts;
}

function jestJsonCounts(file) {
  if (!existsSync(file)) return undefined;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: report.numPassedTests ?? 0, failed: report.numFailedTests ?? 0 };
}

function playwrightJsonCounts(file) {
  if (!existsSync(file)) return undefined;
  const { stats } = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: (stats?.expected ?? 0) + (stats?.flaky ?? 0), failed: stats?.unexpected ?? 0 };
}

let current; // the running child, for signal forwarding
let interrupted = false;

/** Runs a command in its own process group, mirroring and keeping its output. */
function run(command, { env = {} } = {}) {
  return new Promise((resolveRun) => {
    out(`$ ${command.map((part) => part.replace(WORKSPACE_ROOT + '/', '')).join(' ')}`);
    const child = spawn(command[0], command.slice(1), {
      cwd: WORKSPACE_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: {
        ...process.env,
        ...(process.stdout.isTTY && !process.env.NO_COLOR ? { FORCE_COLOR: '1' } : {}),
        PATH: `${BIN}:${process.env.PATH ?? ''}`,
        ...env,
      },
    });
    current = child;
    let output = '';
    const keep = (chunk) => {
      output += chunk.toString();
      if (output.length > 4_000_000) output = output.slice(-2_000_000);
    };
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      keep(chunk);
    });
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      keep(chunk);
    });
    const timer = setTimeout(() => {
      out(`\n!! stage timed out after ${STAGE_TIMEOUT_MS / 60_000} min: stopping it`);
      killGroup(child, 'SIGTERM');
      setTimeout(() => killGroup(child, 'SIGKILL'), 15_000).unref();
    }, STAGE_TIMEOUT_MS);
    child.on('error', (error) => {
      out(`!! could not start ${command[0]}: ${error.message}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      resolveRun({ code: code ?? (signal ? 1 : 0), output });
    });
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    interrupted = true;
    if (!current) process.exit(130);
    out(`\n!! ${signal}: stopping the running stage (its databases and servers are cleaned up)`);
    killGroup(current, 'SIGTERM');
    setTimeout(() => current && killGroup(current, 'SIGKILL'), 20_000).unref();
  });
}

function nxProjectsWithTarget(target) {
  const result = spawnSync(bin('nx'), ['show', 'projects', '--withTarget', target, '--json'], {
    cwd: WORKSPACE_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...NX_ENV },
  });
  if (result.status !== 0) throw new Error(`nx show projects failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.slice(result.stdout.indexOf('[')));
}

const packageScripts = () => JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'package.json'), 'utf8')).scripts ?? {};

/** One jest run with its JSON report in tmp/test-results/<name>.json, counted from it. */
async function jestStage(name, config) {
  const file = join(RESULTS, `${name}.json`);
  rmSync(file, { force: true });
  const result = await run([bin('jest'), '-c', config, '--json', `--outputFile=${file}`]);
  return { ...result, counts: jestJsonCounts(file) ?? jestSummaryCounts(result.output) };
}

// ---------------------------------------------------------------------------
// Stages: each returns { code, counts? }.

const STAGES = {
  generate: {
    title: 'Prisma client (npm run prisma:generate)',
    async run() {
      if (!packageScripts()['prisma:generate']) {
        out('!! no "prisma:generate" script in package.json: skipped');
        return { code: 0 };
      }
      return run(['npm', 'run', '--silent', 'prisma:generate']);
    },
  },
  lint: {
    title: 'Lint (nx run-many -t lint) and e2e type-check',
    async run() {
      // Projects declare `lint`, or get `eslint:lint` from the @nx/eslint
      // plugin: lint every project once, by whichever target it has.
      const explicit = nxProjectsWithTarget('lint');
      const inferredOnly = nxProjectsWithTarget('eslint:lint').filter((name) => !explicit.includes(name));
      if (explicit.length > 0) {
        const result = await run(nx('run-many', '-t', 'lint', '--parallel=2'), { env: NX_ENV });
        if (result.code !== 0) return result;
      }
      if (inferredOnly.length > 0) {
        const result = await run(nx('run-many', '-t', 'eslint:lint', '--parallel=2', `--projects=${inferredOnly.join(',')}`), { env: NX_ENV });
        if (result.code !== 0) return result;
      }
      // Playwright and the e2e jest config transpile without type-checking:
      // the e2e projects are type-checked here so a wrong call fails CI.
      for (const tsconfig of E2E_TSCONFIGS) {
        const result = await run([bin('tsc'), '--noEmit', '-p', tsconfig]);
        if (result.code !== 0) return result;
      }
      return { code: 0 };
    },
  },
  unit: {
    title: 'Unit tests (nx run-many -t test)',
    async run() {
      const result = await run(nx('run-many', '-t', 'test', '--parallel=2'), { env: NX_ENV });
      return { ...result, counts: jestSummaryCounts(result.output) };
    },
  },
  build: {
    title: 'Build (nx run-many -t build -p api web)',
    run: () => run(nx('run-many', '-t', 'build', '-p', 'api', 'web', '--parallel=2'), { env: NX_ENV }),
  },
  integration: {
    title: 'Integration tests (*.integration-spec.ts, throwaway PostgreSQL)',
    async run() {
      const file = join(RESULTS, 'integration.json');
      rmSync(file, { force: true });
      const result = await run(
        [
          process.execPath,
          join(WORKSPACE_ROOT, 'tools', 'test', 'postgres-cluster.mjs'),
          '--',
          bin('jest'),
          '-c',
          'jest.integration.config.ts',
          '--json',
          `--outputFile=${file}`,
        ],
        {
          // PGlite loads parts of itself with import(), which jest only allows
          // with VM modules.
          env: {
            NODE_OPTIONS: [process.env.NODE_OPTIONS, '--experimental-vm-modules', '--disable-warning=ExperimentalWarning']
              .filter(Boolean)
              .join(' '),
          },
        },
      );
      return { ...result, counts: jestJsonCounts(file) ?? jestSummaryCounts(result.output) };
    },
  },
  'e2e-api': {
    title: 'API e2e (apps/api-e2e, built API on a fresh database)',
    run: () => jestStage('e2e-api', 'apps/api-e2e/jest.config.cts'),
  },
  'e2e-cluster': {
    title: 'Cluster e2e (apps/api-e2e/src/cluster: two API instances, Redis, nginx)',
    run: () => jestStage('e2e-cluster', 'apps/api-e2e/jest.cluster.config.cts'),
  },
  'e2e-web': {
    title: 'Web e2e (apps/web-e2e, Playwright in Chromium)',
    async run() {
      const file = join(RESULTS, 'e2e-web.json');
      rmSync(file, { force: true });
      const result = await run([bin('playwright'), 'test', '-c', 'apps/web-e2e/playwright.config.ts']);
      return { ...result, counts: playwrightJsonCounts(file) };
    },
  },
};

const PLANS = {
  all: ['generate', 'lint', 'unit', 'build', 'integration', 'e2e-api', 'e2e-cluster', 'e2e-web'],
  lint: ['lint'],
  unit: ['generate', 'unit'],
  build: ['generate', 'build'],
  integration: ['generate', 'integration'],
  'e2e-api': ['generate', 'build', 'e2e-api'],
  'e2e-cluster': ['generate', 'build', 'e2e-cluster'],
  'e2e-web': ['generate', 'build', 'e2e-web'],
};

const formatDuration = (ms) => (ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`);

async function main() {
  const planName = process.argv[2] ?? 'all';
  const plan = PLANS[planName];
  if (!plan) {
    process.stderr.write(`unknown tier "${planName}"; one of: ${Object.keys(PLANS).join(', ')}\n`);
    process.exit(2);
  }
  mkdirSync(RESULTS, { recursive: true });
  const started = Date.now();
  const report = [];
  let failedStage;
  let exitCode = 0;
  for (const [index, key] of plan.entries()) {
    const stage = STAGES[key];
    const banner = `==== [${index + 1}/${plan.length}] ${stage.title} `;
    out(`\n${banner.padEnd(79, '=')}`);
    const stageStarted = Date.now();
    let result;
    try {
      result = await stage.run();
    } catch (error) {
      out(`!! ${error.stack ?? error}`);
      result = { code: 1 };
    }
    const duration = Date.now() - stageStarted;
    const ok = result.code === 0 && !interrupted;
    report.push({ key, ok, duration, counts: result.counts });
    out(`==== ${key}: ${ok ? 'OK' : `FAILED (exit ${result.code})`} in ${formatDuration(duration)}`);
    if (!ok) {
      failedStage = key;
      exitCode = result.code || 1;
      break;
    }
  }

  const totals = { passed: 0, failed: 0 };
  out(`\n${'==== Summary '.padEnd(79, '=')}`);
  for (const key of plan) {
    const entry = report.find((item) => item.key === key);
    if (!entry) {
      out(`  ${key.padEnd(12)} not run`);
      continue;
    }
    if (entry.counts) {
      totals.passed += entry.counts.passed;
      totals.failed += entry.counts.failed;
    }
    const counts = entry.counts ? `${entry.counts.passed} passed, ${entry.counts.failed} failed` : '';
    out(`  ${key.padEnd(12)} ${(entry.ok ? 'ok' : 'FAILED').padEnd(7)} ${formatDuration(entry.duration).padStart(12)}  ${counts}`);
  }
  out(`  total time ${formatDuration(Date.now() - started)}${failedStage ? `; stopped at "${failedStage}"` : ''}`);
  out(`${totals.passed} passed, ${totals.failed} failed`);
  process.exit(interrupted ? 130 : exitCode);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});

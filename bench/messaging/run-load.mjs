// Runs the load generator (load.mjs) in its own process with `config` and
// resolves with its JSON result; `onMessage` receives what it sends over IPC
// (bench:cluster: { type: 'failover' } when it is time to kill an instance).
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './crypto-lib.mjs';

export function runLoad(config, onMessage) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-load-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return new Promise((resolve, reject) => {
    const child = fork(join(ROOT, 'bench', 'messaging', 'load.mjs'), [file], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    if (onMessage) child.on('message', onMessage);
    child.once('exit', (code) => {
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop()));
    });
  });
}

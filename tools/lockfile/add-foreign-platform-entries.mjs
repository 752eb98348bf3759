#!/usr/bin/env node
// `npm run lockfile:fix` — after `npm install` on our machines.
//
// Why: the npm registry our build machines reach serves no packages built for
// other platforms (e.g. @msgpackr-extract/msgpackr-extract-darwin-arm64 is a
// 404 there), so `npm install` leaves those optional dependencies out of
// package-lock.json, and `npm ci` then refuses the lockfile as "out of sync".
// This adds, for each optional dependency missing from the lockfile, an entry
// carrying the os/cpu/libc its name declares (or an impossible os when the
// name says nothing), so `npm ci` knows it is for another platform and skips
// it; on a machine of that platform npm fetches it by name and version.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const file = join(root, 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'linux', 'win32', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'android'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'riscv64', 'ppc64', 's390x', 'loong64', 'mips64el', 'wasm32'];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = OS.find((o) => parts.includes(o)) ?? (parts.includes('windows') ? 'win32' : parts.includes('macos') ? 'darwin' : undefined);
  const cpu = CPU.find((c) => parts.includes(c)) ?? (parts.includes('armv7') || parts.includes('arm7') ? 'arm' : undefined);
  const libc = parts.includes('musl') ? 'musl' : parts.includes('gnu') || parts.includes('glibc') ? 'glibc' : undefined;
  return { os: [os ?? 'none'], ...(cpu ? { cpu: [cpu] } : {}), ...(libc ? { libc: [libc] } : {}) };
}

/** Where node would find `dep` from the package at `path` (nested first, then up the tree). */
function resolve(path, dep) {
  for (let base = path; ; ) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${dep}`;
    if (packages[candidate]) return candidate;
    if (!base) return null;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut >= 0 ? base.slice(0, cut) : '';
  }
}

let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [dep, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const version = String(range).replace(/^[\^~=v]/, '');
    const found = resolve(path, dep);
    if (found && (packages[found].version === version || !/^\d+\.\d+\.\d+/.test(version))) continue;
    // Not there, or another version is: place it beside the package that needs it.
    const at = found ? `${path ? `${path}/` : ''}node_modules/${dep}` : `node_modules/${dep}`;
    if (packages[at]) continue;
    packages[at] = { version, optional: true, ...platformOf(dep) };
    added++;
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`package-lock.json: ${added} foreign-platform optional entries added\n`);

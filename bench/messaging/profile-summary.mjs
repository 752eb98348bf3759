// Reads a V8 .cpuprofile (e.g. BENCH_CPU_PROFILE of run.mjs) and prints where
// the time went: self time summed by package (node_modules/<package>, Node's
// internals, our bundle dist/apps/api/main.js), the top functions by self time
// and the top functions by total (inclusive) time.
//   node bench/messaging/profile-summary.mjs <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/messaging/profile-summary.mjs <file.cpuprofile> [top]\n');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

// Self time per node from the samples and their time deltas (µs).
const selfUs = new Map();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

function packageOf(url, name) {
  if (!url) return name.startsWith('(') ? name : '(native)';
  if (url.startsWith('node:')) return 'node (internals)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.includes('/dist/apps/api/')) return 'passerelle (dist/apps/api)';
  return url.replace(/^file:\/\//, '');
}
const labelOf = (node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'} ${packageOf(url, functionName)}${url ? `:${lineNumber + 1}` : ''}`;
};

const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
const byPackage = new Map();
const byFunction = new Map();
const inclusive = new Map();
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  add(byPackage, packageOf(node.callFrame.url, node.callFrame.functionName), us);
  add(byFunction, labelOf(node), us);
  // Inclusive: each distinct function on the stack once.
  const seen = new Set();
  for (let at = id; at !== undefined; at = parentOf.get(at)) {
    const label = labelOf(byId.get(at));
    if (seen.has(label)) continue;
    seen.add(label);
    add(inclusive, label, us);
  }
}

const pct = (us) => `${((us / totalUs) * 100).toFixed(1).padStart(5)} %`;
const ms = (us) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
const print = (title, map, n) => {
  process.stdout.write(`\n${title}\n`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) process.stdout.write(`${ms(us)} ${pct(us)}  ${key}\n`);
};
process.stdout.write(`${file}: ${(totalUs / 1e6).toFixed(1)} s sampled, ${profile.samples.length} samples\n`);
print('Self time by package', byPackage, top);
print('Self time by function', byFunction, top);
print('Total time by function (inclusive)', inclusive, top);

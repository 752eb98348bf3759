#!/usr/bin/env node
// `npm run db:diff -- <name> [--from <git-ref>]`: writes the next SQL migration
// (prisma/migrations/<timestamp>_<name>/migration.sql) from the schema at
// <git-ref> (default HEAD; "empty" for the first one) to prisma/schema.prisma.
//
// Prisma 7's `migrate diff` needs a native engine we cannot download; Prisma
// 6.19's CLI (installed as the `prisma6` alias) runs the same schema engine as
// WebAssembly when configured with engine 'js' and a driver adapter. A
// datamodel-to-datamodel diff never queries the in-memory PGlite it is given.
// Hand-written SQL (triggers, exclusion constraints) goes in its own migration.
// `--print` writes the SQL to stdout instead (used by the schema-drift test).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const fromIndex = args.indexOf('--from');
const fromRef = fromIndex >= 0 ? args[fromIndex + 1] : 'HEAD';
const print = args.includes('--print');
const name = args.find((a, i) => !a.startsWith('--') && (fromIndex < 0 || i !== fromIndex + 1));
if (!print && (!name || !/^[a-z0-9_]+$/.test(name))) {
  console.error('usage: npm run db:diff -- <snake_case_name> [--from <git-ref>|empty]');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'passerelle-diff-'));
// Prisma 6 wants a url in the datasource and knows no `prisma-client` output options.
const forPrisma6 = (schema) =>
  schema
    .replace(/generator client \{[\s\S]*?\n\}/, 'generator client {\n  provider = "prisma-client-js"\n}')
    .replace(/datasource db \{[\s\S]*?\n\}/, 'datasource db {\n  provider = "postgresql"\n  url = "postgresql://unused@localhost/unused"\n}');
const target = join(work, 'to.prisma');
writeFileSync(target, forPrisma6(readFileSync(join(root, 'prisma/schema.prisma'), 'utf8')));
let from = ['--from-empty'];
if (fromRef !== 'empty') {
  const old = execFileSync('git', ['show', `${fromRef}:prisma/schema.prisma`], { cwd: root, encoding: 'utf8' });
  writeFileSync(join(work, 'from.prisma'), forPrisma6(old));
  from = ['--from-schema-datamodel', join(work, 'from.prisma')];
}
const nm = join(root, 'node_modules');
writeFileSync(
  join(work, 'prisma.config.mjs'),
  `import { PGlite } from '${nm}/@electric-sql/pglite/dist/index.js';
import { PrismaPGlite } from '${nm}/pglite-prisma-adapter/dist/index.mjs';
export default { engine: 'js', experimental: { adapter: true }, adapter: async () => new PrismaPGlite(new PGlite()) };
`,
);
const noEngine = join(root, 'tools/prisma/no-schema-engine.sh');
// The CLI exits non-zero after printing (its in-memory PGlite keeps a handle
// open), so judge by what it printed, not by the exit code.
const run = spawnSync(
  process.execPath,
  [join(nm, 'prisma6/build/index.js'), 'migrate', 'diff', '--config', join(work, 'prisma.config.mjs'), ...from, '--to-schema-datamodel', target, '--script'],
  { cwd: work, encoding: 'utf8', env: { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: noEngine, PRISMA_SCHEMA_ENGINE_BINARY: noEngine, PRISMA_HIDE_UPDATE_MESSAGE: '1' } },
);
const sql = run.stdout ?? '';
if (/^Error/m.test(run.stderr ?? '')) {
  console.error(run.stderr);
  process.exit(1);
}
rmSync(work, { recursive: true, force: true });
if (print) {
  process.stdout.write(sql);
  process.exit(0);
}
if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
  console.log('schema.prisma has no change since', fromRef);
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const dir = join(root, 'prisma/migrations', `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'migration.sql'), sql.replace(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n/m, ''));
console.log('wrote', join(dir, 'migration.sql'));

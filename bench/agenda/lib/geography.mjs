// Départements and French public holidays, taken from the API's own
// TypeScript modules (the directory's list of 101 départements, the agenda's
// holiday rules) so the dataset can never disagree with what the API knows.
// Plain Node cannot import TypeScript: those two modules have no imports, so
// TypeScript's transpiler strips their types and Node imports the result.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { WORKSPACE_ROOT } from '../config.mjs';

const DEPARTEMENTS_TS = 'libs/api/directory/src/lib/geography/departements.ts';
const HOLIDAYS_TS = 'libs/api/agenda/src/lib/calendar/french-public-holidays.ts';

/** Imports a self-contained TypeScript module (no imports of its own). */
async function importTypeScript(path) {
  const source = readFileSync(join(WORKSPACE_ROOT, path), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: path,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
    },
  });
  return import(
    `data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`
  );
}

/** Where most practitioners are: weight 3 (others 1), a rough stand-in for population. */
const DENSE = new Set(
  '75 13 69 59 92 93 94 33 31 06 44 67 34 38 76 62 78 91 77 95'.split(' '),
);

/** @returns {Promise<{ code: string, name: string, weight: number }[]>} the 101 départements */
export async function loadDepartements() {
  const { DEPARTEMENTS } = await importTypeScript(DEPARTEMENTS_TS);
  const found = Object.entries(DEPARTEMENTS).map(([code, name]) => ({
    code,
    name,
    weight: DENSE.has(code) ? 3 : 1,
  }));
  if (found.length !== 101)
    throw new Error(
      `Expected 101 départements in ${DEPARTEMENTS_TS}, found ${found.length}.`,
    );
  return found;
}

/**
 * Public holidays of `years` as the API pre-fills them
 * (AgendaSettings.ensurePublicHolidays): the national ones (departement null),
 * then each département's own ones (Alsace-Moselle, overseas). One block per
 * day, like the API (AgendaBlock is unique per practitioner, kind and start).
 * @returns {Promise<{ day: string, departement: string | null, name: string }[]>}
 */
export async function publicHolidays(years, departementCodes) {
  const { frenchPublicHolidays } = await importTypeScript(HOLIDAYS_TS);
  const rows = [];
  for (const year of years) {
    const national = new Map();
    for (const h of frenchPublicHolidays(year))
      if (!national.has(h.date)) national.set(h.date, h.name);
    for (const [day, name] of national)
      rows.push({ day, departement: null, name });
    for (const code of departementCodes) {
      const local = new Set();
      for (const h of frenchPublicHolidays(year, code)) {
        if (national.has(h.date) || local.has(h.date)) continue;
        local.add(h.date);
        rows.push({ day: h.date, departement: code, name: h.name });
      }
    }
  }
  return rows;
}

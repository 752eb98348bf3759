import { ValidationFailed } from '@passerelle/api/platform';
import { parisInstant } from '@passerelle/api/agenda';
import { FHIR_SYSTEMS } from '../fhir-vocabulary';

/** The IG allows 1 to 25 practitioners per call (the platform asks in batches of 25). */
export const MAX_PRACTITIONERS_PER_SEARCH = 25;
/** Longest window served in one call: the platform asks for 72 h; a month bounds the work. */
export const MAX_WINDOW_DAYS = 31;
const DEFAULT_WINDOW_MS = 72 * 3_600_000;
export const IDENTIFIER_PARAMETER = 'schedule.actor:Practitioner.identifier';

export interface SlotSearchQuery {
  /** RPPS numbers as stored (11 digits, without the IDNPS "8" prefix). */
  rpps: string[];
  from: Date;
  to: Date;
  /** False when `status` asks for anything but free slots: the answer is then empty. */
  freeOnly: boolean;
}

type QueryValue = string | string[] | undefined;
const valuesOf = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.flatMap(valuesOf) : typeof value === 'string' ? [value] : [];

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * A FHIR dateTime as the kit sends it. The offset is read exactly as sent
 * (the kit labels Paris wall time "+00:00"); a "+" decoded to a space by the
 * query parser counts as "+"; a value with no offset is Paris wall time.
 * Returns the instant and whether only a date was given.
 */
export function parseFhirDateTime(raw: string): { instant: Date; dateOnly: boolean } | null {
  const match = DATE_TIME.exec(raw.trim().replace(/ (\d{2}:\d{2})$/, '+$1'));
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  const year = Number(y), month = Number(mo), day = Number(d);
  const hour = Number(h ?? 0), minute = Number(mi ?? 0), second = Number(s ?? 0);
  const millis = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  let instant: Date;
  if (offset) {
    const sign = offset === 'Z' ? 0 : offset.startsWith('-') ? -1 : 1;
    const offsetMinutes = offset === 'Z' ? 0 : sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
    instant = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000);
  } else {
    instant = new Date(parisInstant({ year, month, day }, hour * 60 + minute).getTime() + second * 1000 + millis);
  }
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  return { instant, dateOnly: h === undefined };
}

/**
 * RPPS as stored from an identifier token `system|value` or `value`: the
 * IDNPS form (8 + 11 digits) or the bare 11 digits. Null for another system
 * or a number that cannot be an RPPS (an ADELI, for instance): such a
 * practitioner is simply unknown here.
 */
export function rppsOfIdentifierToken(token: string): string | null {
  const bar = token.lastIndexOf('|');
  const system = bar >= 0 ? token.slice(0, bar).trim() : '';
  const value = (bar >= 0 ? token.slice(bar + 1) : token).trim();
  if (system && system !== FHIR_SYSTEMS.idnps) return null;
  if (/^8\d{11}$/.test(value)) return value.slice(1);
  if (/^\d{11}$/.test(value)) return value;
  return null;
}

/** The IDNPS value of a stored RPPS: always returned with its "8" prefix. */
export const idnpsOf = (rpps: string): string => (rpps.length === 11 ? `8${rpps}` : rpps);

/**
 * Reads `GET /fhir/Slot`'s parameters the way the national kit and the IG
 * send them: identifiers OR-ed by commas (with or without a space) and/or
 * repeated, `start=ge…`/`start=le…` (also gt/lt, a bare date = that day),
 * `status=free`; `_include`, `_count`, `_format` and unknown parameters are
 * accepted and ignored (the answer always includes the schedules and actors).
 */
export function parseSlotSearchQuery(query: Record<string, unknown>, now: Date): SlotSearchQuery {
  const tokens = valuesOf(query[IDENTIFIER_PARAMETER] as QueryValue)
    .flatMap((v) => v.split(','))
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  if (tokens.length === 0) {
    throw new ValidationFailed(`Le paramètre ${IDENTIFIER_PARAMETER} est obligatoire (identifiant RPPS du praticien).`);
  }
  if (tokens.length > MAX_PRACTITIONERS_PER_SEARCH) {
    throw new ValidationFailed(`${MAX_PRACTITIONERS_PER_SEARCH} praticiens au plus par recherche (${tokens.length} reçus).`);
  }
  const rpps = [...new Set(tokens.map(rppsOfIdentifierToken).filter((r): r is string => r !== null))];

  const lower: Date[] = [];
  const upper: Date[] = [];
  for (const raw of valuesOf(query['start'] as QueryValue)) {
    const prefix = /^(ge|gt|le|lt|eq)/.exec(raw)?.[1] ?? 'eq';
    const parsed = parseFhirDateTime(raw.slice(/^(ge|gt|le|lt|eq)/.test(raw) ? 2 : 0));
    if (!parsed) {
      throw new ValidationFailed(`Date de début invalide : « ${raw.slice(0, 40)} » (attendu ge/le suivi d’une date AAAA-MM-JJThh:mm:ss.sss+hh:mm).`);
    }
    const endOfValue = parsed.dateOnly ? new Date(parsed.instant.getTime() + 86_400_000 - 1) : parsed.instant;
    if (prefix === 'ge' || prefix === 'gt' || prefix === 'eq') lower.push(parsed.instant);
    if (prefix === 'le' || prefix === 'lt' || prefix === 'eq') upper.push(endOfValue);
  }
  // Several bounds of one kind narrow the window (FHIR ANDs repeated parameters).
  const from = lower.length > 0 ? new Date(Math.max(...lower.map((d) => d.getTime()))) : now;
  const to = upper.length > 0 ? new Date(Math.min(...upper.map((d) => d.getTime()))) : new Date(from.getTime() + DEFAULT_WINDOW_MS);
  if (to < from) {
    throw new ValidationFailed('La fin de la période de recherche précède son début.');
  }
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
    throw new ValidationFailed(`La période de recherche est limitée à ${MAX_WINDOW_DAYS} jours.`);
  }
  const statuses = valuesOf(query['status'] as QueryValue).flatMap((v) => v.split(',')).map((s) => s.trim());
  return { rpps, from, to, freeOnly: statuses.length === 0 || statuses.includes('free') };
}

import { ConsultationType, SlotVisibility } from '@passerelle/shared/contracts';
import { addDays, CivilDate, isoWeekday, parisCivilDate, parisInstant } from './paris-time';

export interface WeeklyRange {
  weekday: number;
  startMinute: number;
  endMinute: number;
}

export interface OpeningRangeRule extends WeeklyRange {
  placeId: string;
  consultationTypes: ConsultationType[];
}

export interface MotifRule {
  id: string;
  durationMinutes: number;
  consultationTypes: ConsultationType[];
  openToNewPatients: boolean;
  bookableOnline: boolean;
  isSnp: boolean;
  /** Empty: the motif applies to every opening range. */
  ranges: WeeklyRange[];
}

export interface Interval {
  startsAt: Date;
  endsAt: Date;
}

/** Everything the engine needs about one practitioner's agenda. */
export interface AgendaRules {
  practitionerId: string;
  slotMinutes: number;
  horizonDays: number;
  acceptsNewPatients: boolean;
  ranges: OpeningRangeRule[];
  /** Active motifs only. */
  motifs: MotifRule[];
  /** Active (not waived) blocks. */
  blocks: Interval[];
  /** Live (not cancelled) appointments. */
  appointments: Interval[];
}

export interface FreeSlot {
  practitionerId: string;
  start: Date;
  end: Date;
  placeId: string;
  consultationTypes: ConsultationType[];
  /** Motifs that can be booked starting at this slot (their whole duration fits). */
  motifIds: string[];
  visibility: SlotVisibility[];
}

const MINUTE = 60_000;

/** Last bookable instant: the rolling horizon counts whole days from today (Paris). */
export function horizonEnd(now: Date, horizonDays: number): Date {
  return parisInstant(addDays(parisCivilDate(now), horizonDays + 1), 0);
}

/** Busy time, sorted and merged, in epoch milliseconds: interval i is [starts[i], ends[i]). */
interface BusyTime {
  starts: number[];
  ends: number[];
}

/** Blocks and appointments alike hide slots. */
function mergeBusy(intervals: Interval[]): BusyTime {
  const sorted = intervals.map((i) => [i.startsAt.getTime(), i.endsAt.getTime()] as const).sort((a, b) => a[0] - b[0]);
  const busy: BusyTime = { starts: [], ends: [] };
  for (const [start, end] of sorted) {
    const last = busy.ends.length - 1;
    if (last >= 0 && start <= busy.ends[last]) {
      if (end > busy.ends[last]) busy.ends[last] = end;
    } else {
      busy.starts.push(start);
      busy.ends.push(end);
    }
  }
  return busy;
}

/** True when [start, end) meets no busy interval (binary search on merged intervals). */
function isFree(busy: BusyTime, start: number, end: number): boolean {
  let lo = 0;
  let hi = busy.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (busy.ends[mid] <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo >= busy.ends.length || busy.starts[lo] >= end;
}

const applies = (motif: MotifRule, weekday: number, minute: number): boolean =>
  motif.ranges.length === 0 || motif.ranges.some((r) => r.weekday === weekday && minute >= r.startMinute && minute < r.endMinute);

function visibilityOf(motifs: MotifRule[], acceptsNewPatients: boolean): SlotVisibility[] {
  const online = motifs.filter((m) => m.bookableOnline);
  const visibility: SlotVisibility[] = [];
  if (online.length > 0) visibility.push('PUBLIC');
  if (acceptsNewPatients && online.some((m) => m.openToNewPatients)) visibility.push('NEW_PATIENTS');
  if (online.some((m) => !m.openToNewPatients || !acceptsNewPatients)) visibility.push('EXISTING_PATIENTS');
  if (motifs.some((m) => m.isSnp)) visibility.push('SNP');
  return visibility;
}

/**
 * The free slots of one practitioner in [from, to), computed from weekly
 * hours, motifs, blocks and appointments — nothing is materialised, so a
 * change of hours or a new block applies at once and the rolling horizon
 * moves forward by itself every day. A slot is a grid step of `slotMinutes`
 * inside an opening range, in the future, before the horizon, overlapping no
 * block or appointment; it lists the motifs whose whole duration fits there.
 */
export function computeFreeSlots(rules: AgendaRules, from: Date, to: Date, now: Date): FreeSlot[] {
  const start = Math.max(from.getTime(), now.getTime());
  const end = Math.min(to.getTime(), horizonEnd(now, rules.horizonDays).getTime());
  if (start >= end || rules.ranges.length === 0) {
    return [];
  }
  const busy = mergeBusy([...rules.blocks, ...rules.appointments]);
  const step = rules.slotMinutes;
  // Per weekday, its ranges by start; per range, the motifs of a consultation type it offers.
  const rangesByWeekday = new Map<number, OpeningRangeRule[]>();
  for (const range of [...rules.ranges].sort((a, b) => a.startMinute - b.startMinute)) {
    rangesByWeekday.set(range.weekday, [...(rangesByWeekday.get(range.weekday) ?? []), range]);
  }
  const motifsOf = new Map(rules.ranges.map((range) => [range, rules.motifs.filter((m) => m.consultationTypes.some((t) => range.consultationTypes.includes(t)))]));
  const slots: FreeSlot[] = [];
  // One day before, to catch ranges of the previous Paris day seen from UTC.
  for (let day: CivilDate = addDays(parisCivilDate(new Date(start)), -1); parisInstant(day, 0).getTime() < end; day = addDays(day, 1)) {
    const weekday = isoWeekday(day);
    for (const range of rangesByWeekday.get(weekday) ?? []) {
      // A range wholly before the window or after it has no slot in it.
      if (parisInstant(day, range.endMinute).getTime() <= start || parisInstant(day, range.startMinute).getTime() >= end) {
        continue;
      }
      const typed = motifsOf.get(range) ?? [];
      for (let minute = range.startMinute; minute + step <= range.endMinute; minute += step) {
        const slotStart = parisInstant(day, minute).getTime();
        const slotEnd = slotStart + step * MINUTE;
        if (slotStart < start || slotStart >= end || !isFree(busy, slotStart, slotEnd)) {
          continue;
        }
        const motifs = typed.filter(
          (m) => applies(m, weekday, minute) && minute + m.durationMinutes <= range.endMinute && isFree(busy, slotStart, slotStart + m.durationMinutes * MINUTE),
        );
        slots.push({
          practitionerId: rules.practitionerId,
          start: new Date(slotStart),
          end: new Date(slotEnd),
          placeId: range.placeId,
          consultationTypes: [...range.consultationTypes],
          motifIds: motifs.map((m) => m.id),
          visibility: visibilityOf(motifs, rules.acceptsNewPatients),
        });
      }
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** What the earliest possible slot depends on: weekly hours, grid and horizon. */
export type GridRules = Pick<AgendaRules, 'slotMinutes' | 'horizonDays'> & { ranges: Pick<OpeningRangeRule, 'weekday' | 'startMinute' | 'endMinute' | 'consultationTypes'>[] };

/**
 * The start (epoch ms) of the first grid slot of the weekly hours in
 * [from, to) — of consultation type `type` when given — or null: the same
 * grid as computeFreeSlots, without appointments, blocks or motifs. No free
 * slot starts earlier, so it bounds a practitioner's first free slot from
 * below without reading their agenda (the regulator search ranks by it).
 */
export function firstGridSlot(rules: GridRules, from: Date, to: Date, now: Date, type?: ConsultationType): number | null {
  const start = Math.max(from.getTime(), now.getTime());
  const end = Math.min(to.getTime(), horizonEnd(now, rules.horizonDays).getTime());
  const ranges = type ? rules.ranges.filter((r) => r.consultationTypes.includes(type)) : rules.ranges;
  if (start >= end || ranges.length === 0) return null;
  const step = rules.slotMinutes;
  for (let day: CivilDate = addDays(parisCivilDate(new Date(start)), -1); parisInstant(day, 0).getTime() < end; day = addDays(day, 1)) {
    const weekday = isoWeekday(day);
    let first: number | null = null;
    for (const range of ranges) {
      if (range.weekday !== weekday) continue;
      for (let minute = range.startMinute; minute + step <= range.endMinute; minute += step) {
        const slotStart = parisInstant(day, minute).getTime();
        if (slotStart >= end) break;
        if (slotStart >= start) {
          if (first === null || slotStart < first) first = slotStart;
          break;
        }
      }
    }
    // Days in order and no range crosses midnight: the first day with a slot has the first slot.
    if (first !== null) return first;
  }
  return null;
}

/**
 * A slot the SAS regulation may book (seed 004, issue 4 §2): open to new
 * patients AND bookable online, OR carrying the motif "Soins non programmés".
 */
export function isSasEligible(slot: Pick<FreeSlot, 'visibility'>): boolean {
  return slot.visibility.includes('NEW_PATIENTS') || slot.visibility.includes('SNP');
}

/**
 * A motif a regulator may book: "Soins non programmés" always; otherwise one
 * bookable online and open to new patients — or, when the regulator says the
 * patient already consulted this practitioner, any motif bookable online.
 */
export function isSasMotif(motif: Pick<MotifRule, 'isSnp' | 'bookableOnline' | 'openToNewPatients'>, acceptsNewPatients: boolean, alreadyConsulted: boolean): boolean {
  return motif.isSnp || (motif.bookableOnline && (alreadyConsulted || (motif.openToNewPatients && acceptsNewPatients)));
}

/** The first slot bookable online (directory ordering), looking no further than the horizon. */
export function nextPublicSlot(rules: AgendaRules, now: Date): FreeSlot | null {
  // Scan week by week: most agendas answer within the first one.
  const limit = horizonEnd(now, rules.horizonDays).getTime();
  for (let from = now.getTime(); from < limit; from += 7 * 24 * 60 * MINUTE) {
    const found = computeFreeSlots(rules, new Date(from), new Date(Math.min(from + 7 * 24 * 60 * MINUTE, limit)), now).find((s) => s.visibility.includes('PUBLIC'));
    if (found) return found;
  }
  return null;
}

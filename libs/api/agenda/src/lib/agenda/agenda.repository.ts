import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, Prisma, PrismaClient, SQL_DRIVER, SqlDriver } from '@passerelle/api/database';
import {
  AgendaSettingsView,
  BlockKind,
  BlockView,
  ConsultationType,
  MotifRequest,
  MotifView,
  OpeningRangeDto,
  UpdateAgendaSettingsRequest,
} from '@passerelle/shared/contracts';
import { AgendaRules, MotifRule } from '../slots/slot-engine';

export interface PractitionerAgendaInfo {
  id: string;
  practiceId: string;
  departement: string;
  displayName: string;
  specialtyLabel: string;
  addressLine: string;
  postcode: string;
  commune: string;
  slotMinutes: number;
  horizonDays: number;
  motifEntryMode: 'FREE' | 'LIST';
  onlineBookingMode: 'OPEN' | 'ALLOW_LIST';
  patientCancelCutoffHours: number;
  acceptsNewPatients: boolean;
  nextFreeSlotAt: Date | null;
}

const practitionerSelect = {
  id: true, practiceId: true, departement: true, civility: true, firstName: true, lastName: true, specialtyLabel: true,
  addressLine: true, postcode: true, commune: true, slotMinutes: true, horizonDays: true, motifEntryMode: true,
  onlineBookingMode: true, patientCancelCutoffHours: true, acceptsNewPatients: true, nextFreeSlotAt: true,
} satisfies Prisma.PractitionerSelect;

type InfoColumns = Omit<PractitionerAgendaInfo, 'displayName'> & { civility: string | null; firstName: string; lastName: string };

const toInfo = (p: InfoColumns): PractitionerAgendaInfo => ({
  ...p,
  displayName: `${p.civility ? `${p.civility} ` : ''}${p.firstName} ${p.lastName}`,
});

const motifInclude = { ranges: { orderBy: [{ weekday: 'asc' }, { startMinute: 'asc' }] } } satisfies Prisma.MotifInclude;

export const toMotifView = (m: Prisma.MotifGetPayload<{ include: typeof motifInclude }>): MotifView => ({
  id: m.id,
  label: m.label,
  durationMinutes: m.durationMinutes,
  consultationTypes: m.consultationTypes as ConsultationType[],
  openToNewPatients: m.openToNewPatients,
  bookableOnline: m.bookableOnline,
  isSnp: m.isSnp,
  requiresMobile: m.consultationTypes.includes('VIDEO'),
  ranges: m.ranges.map((r) => ({ weekday: r.weekday, startMinute: r.startMinute, endMinute: r.endMinute })),
});

const toBlockView = (b: Prisma.AgendaBlockGetPayload<object>): BlockView => ({
  id: b.id,
  kind: b.kind,
  label: b.label,
  startsAt: b.startsAt.toISOString(),
  endsAt: b.endsAt.toISOString(),
  waived: b.waivedAt !== null,
});

/** A motif as the booking rules read it (active motifs only). */
export type BookableMotif = MotifRule & { label: string };

/** What a booking is decided on, read in one query: the practitioner and the rules around the wanted time. */
export interface BookingContext {
  info: PractitionerAgendaInfo;
  rules: AgendaRules & { motifs: BookableMotif[] };
}

/** Longest visit: motifs last 240 minutes at most (MotifRequest). */
export const LONGEST_VISIT_MS = 4 * 3_600_000;

/** One row per practitioner of rulesSql(): its columns, then the rules as JSON arrays. */
interface RulesRow extends InfoColumns, Record<string, unknown> {
  /** [placeId, weekday, startMinute, endMinute, consultationTypes] */
  ranges: [string, number, number, number, ConsultationType[]][];
  /** [id, label, durationMinutes, consultationTypes, openToNewPatients, bookableOnline, isSnp, [[weekday, startMinute, endMinute]]] */
  motifs: [string, string, number, ConsultationType[], boolean, boolean, boolean, [number, number, number][]][];
  /** [startsAt, endsAt] in epoch milliseconds */
  blocks: [number, number][];
  appointments: [number, number][];
}

/**
 * Everything the slot engine needs for a set of practitioners over a window,
 * in ONE statement whatever their number: a row per practitioner with its
 * hours, active motifs (and their ranges), active blocks and live
 * appointments aggregated as JSON arrays, each read through its
 * practitioner-leading index. $1 ids (comma-separated), $2 window start,
 * $3 window end + the longest visit (a slot near the end must fit its
 * motif). Appointments are bounded below too (a visit lasts less than a day)
 * so the index scan does not walk the practitioner's whole history.
 * One practitioner (a booking) gets its own text, whose plan PostgreSQL
 * caches once (generic plan); a list is planned for its actual length.
 */
const rulesSql = (practitioners: 'one' | 'many') => `
SELECT p.id::text AS id, p."practiceId"::text AS "practiceId", p.departement, p.civility, p."firstName", p."lastName", p."specialtyLabel",
       p."addressLine", p.postcode, p.commune, p."slotMinutes", p."horizonDays", p."motifEntryMode"::text AS "motifEntryMode",
       p."onlineBookingMode"::text AS "onlineBookingMode", p."patientCancelCutoffHours", p."acceptsNewPatients", p."nextFreeSlotAt",
       (SELECT coalesce(json_agg(json_build_array(r."placeId", r.weekday, r."startMinute", r."endMinute", r."consultationTypes")), '[]'::json)
          FROM "OpeningRange" r WHERE r."practitionerId" = p.id) AS ranges,
       (SELECT coalesce(json_agg(json_build_array(m.id, m.label, m."durationMinutes", m."consultationTypes", m."openToNewPatients", m."bookableOnline", m."isSnp",
                 (SELECT coalesce(json_agg(json_build_array(mr.weekday, mr."startMinute", mr."endMinute")), '[]'::json) FROM "MotifRange" mr WHERE mr."motifId" = m.id))
                 ORDER BY m.position, m.label), '[]'::json)
          FROM "Motif" m WHERE m."practitionerId" = p.id AND m.active) AS motifs,
       (SELECT coalesce(json_agg(json_build_array((extract(epoch FROM b."startsAt") * 1000)::float8, (extract(epoch FROM b."endsAt") * 1000)::float8)), '[]'::json)
          FROM "AgendaBlock" b WHERE b."practitionerId" = p.id AND b."waivedAt" IS NULL AND b."endsAt" > $2::timestamptz AND b."startsAt" < $3::timestamptz) AS blocks,
       (SELECT coalesce(json_agg(json_build_array((extract(epoch FROM a."startsAt") * 1000)::float8, (extract(epoch FROM a."endsAt") * 1000)::float8)), '[]'::json)
          FROM "Appointment" a WHERE a."practitionerId" = p.id AND a.status <> 'CANCELLED'
           AND a."startsAt" > $2::timestamptz - interval '1 day' AND a."endsAt" > $2::timestamptz AND a."startsAt" < $3::timestamptz) AS appointments
  FROM "Practitioner" p
 WHERE ${practitioners === 'one' ? 'p.id = $1::uuid' : "p.id = ANY (string_to_array($1, ',')::uuid[])"}`;
const RULES_OF_ONE_SQL = rulesSql('one');
const RULES_OF_MANY_SQL = rulesSql('many');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const interval = ([startsAt, endsAt]: [number, number]) => ({ startsAt: new Date(startsAt), endsAt: new Date(endsAt) });

const rulesOf = (row: RulesRow): BookingContext['rules'] => ({
  practitionerId: row.id,
  slotMinutes: row.slotMinutes,
  horizonDays: row.horizonDays,
  acceptsNewPatients: row.acceptsNewPatients,
  ranges: row.ranges.map(([placeId, weekday, startMinute, endMinute, consultationTypes]) => ({ placeId, weekday, startMinute, endMinute, consultationTypes })),
  motifs: row.motifs.map(([id, label, durationMinutes, consultationTypes, openToNewPatients, bookableOnline, isSnp, ranges]) => ({
    id, label, durationMinutes, consultationTypes, openToNewPatients, bookableOnline, isSnp,
    ranges: ranges.map(([weekday, startMinute, endMinute]) => ({ weekday, startMinute, endMinute })),
  })),
  blocks: row.blocks.map(interval),
  appointments: row.appointments.map(interval),
});

/** Agenda settings, hours, motifs and blocks, and the rules the slot engine reads. */
@Injectable()
export class AgendaRepository {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(SQL_DRIVER) private readonly sql: SqlDriver,
  ) {}

  async practitioner(id: string): Promise<PractitionerAgendaInfo | null> {
    const row = await this.prisma.practitioner.findUnique({ where: { id }, select: practitionerSelect });
    return row ? toInfo(row) : null;
  }

  /** Everything the slot engine needs for several practitioners over [from, to): one statement (rulesSql). */
  async rules(practitionerIds: string[], from: Date, to: Date): Promise<AgendaRules[]> {
    return (await this.rulesRows(practitionerIds, from, to)).map(rulesOf);
  }

  /** The practitioner and the rules around `at`, for a visit starting then: one statement. */
  async bookingContext(practitionerId: string, at: Date): Promise<BookingContext | null> {
    const [row] = await this.rulesRows([practitionerId], at, at);
    if (!row) return null;
    const { ranges, motifs, blocks, appointments, ...columns } = row;
    return { info: toInfo(columns), rules: rulesOf({ ...columns, ranges, motifs, blocks, appointments }) };
  }

  private async rulesRows(practitionerIds: string[], from: Date, to: Date): Promise<RulesRow[]> {
    const ids = practitionerIds.filter((id) => UUID.test(id));
    if (ids.length === 0) return [];
    return this.sql.query<RulesRow>(ids.length === 1 ? RULES_OF_ONE_SQL : RULES_OF_MANY_SQL, [ids.join(','), from.toISOString(), new Date(to.getTime() + LONGEST_VISIT_MS).toISOString()], {
      prepared: true,
    });
  }

  async settings(practitionerId: string): Promise<AgendaSettingsView | null> {
    const p = await this.prisma.practitioner.findUnique({
      where: { id: practitionerId },
      include: { places: { orderBy: { createdAt: 'asc' } }, openingRanges: { orderBy: [{ weekday: 'asc' }, { startMinute: 'asc' }] } },
    });
    if (!p) return null;
    return {
      practitionerId: p.id,
      displayName: `${p.civility ? `${p.civility} ` : ''}${p.firstName} ${p.lastName}`,
      slotMinutes: p.slotMinutes,
      horizonDays: p.horizonDays,
      motifEntryMode: p.motifEntryMode,
      onlineBookingMode: p.onlineBookingMode,
      patientCancelCutoffHours: p.patientCancelCutoffHours,
      acceptsNewPatients: p.acceptsNewPatients,
      sasParticipation: p.sasParticipation,
      extraIdentityFields: p.extraIdentityFields,
      places: p.places.map((pl) => ({ id: pl.id, name: pl.name, addressLine: pl.addressLine, postcode: pl.postcode, commune: pl.commune, departement: pl.departement })),
      ranges: p.openingRanges.map((r) => ({
        id: r.id, placeId: r.placeId, weekday: r.weekday, startMinute: r.startMinute, endMinute: r.endMinute, consultationTypes: r.consultationTypes as ConsultationType[],
      })),
    };
  }

  async updateSettings(practitionerId: string, change: UpdateAgendaSettingsRequest): Promise<void> {
    await this.prisma.practitioner.update({ where: { id: practitionerId }, data: change });
  }

  /** A practitioner without a place gets one at the practice's address. */
  async ensureMainPlace(practitionerId: string): Promise<string> {
    const existing = await this.prisma.consultationPlace.findFirst({ where: { practitionerId }, orderBy: { createdAt: 'asc' }, select: { id: true } });
    if (existing) return existing.id;
    const p = await this.prisma.practitioner.findUniqueOrThrow({ where: { id: practitionerId }, include: { practice: true } });
    const created = await this.prisma.consultationPlace.create({
      data: { practitionerId, name: p.practice.name, addressLine: p.addressLine, postcode: p.postcode, commune: p.commune, communeInsee: p.communeInsee, departement: p.departement },
    });
    return created.id;
  }

  async placeIds(practitionerId: string): Promise<string[]> {
    return (await this.prisma.consultationPlace.findMany({ where: { practitionerId }, select: { id: true } })).map((p) => p.id);
  }

  async replaceOpeningHours(practitionerId: string, ranges: OpeningRangeDto[]): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.openingRange.deleteMany({ where: { practitionerId } }),
      this.prisma.openingRange.createMany({ data: ranges.map((r) => ({ practitionerId, ...r })) }),
    ]);
  }

  async motifs(practitionerId: string, activeOnly = true): Promise<MotifView[]> {
    const rows = await this.prisma.motif.findMany({
      where: { practitionerId, ...(activeOnly ? { active: true } : {}) },
      include: motifInclude,
      orderBy: [{ position: 'asc' }, { label: 'asc' }],
    });
    return rows.map(toMotifView);
  }

  async motif(practitionerId: string, motifId: string): Promise<(MotifView & { active: boolean }) | null> {
    const row = await this.prisma.motif.findFirst({ where: { id: motifId, practitionerId }, include: motifInclude });
    return row ? { ...toMotifView(row), active: row.active } : null;
  }

  /** Creates, or re-activates and updates a motif of the same label. Returns null when the label is taken by another motif. */
  async saveMotif(practitionerId: string, motifId: string | null, m: MotifRequest): Promise<MotifView | null> {
    const data = {
      label: m.label.trim(),
      durationMinutes: m.durationMinutes,
      consultationTypes: m.consultationTypes,
      openToNewPatients: m.openToNewPatients,
      bookableOnline: m.bookableOnline,
      isSnp: m.isSnp ?? false,
      active: true,
    };
    try {
      const row = await this.prisma.$transaction(async (tx) => {
        const saved = motifId
          ? await tx.motif.update({ where: { id: motifId }, data })
          : await tx.motif.upsert({ where: { practitionerId_label: { practitionerId, label: data.label } }, create: { practitionerId, ...data }, update: data });
        await tx.motifRange.deleteMany({ where: { motifId: saved.id } });
        await tx.motifRange.createMany({ data: (m.ranges ?? []).map((r) => ({ motifId: saved.id, weekday: r.weekday, startMinute: r.startMinute, endMinute: r.endMinute })) });
        return tx.motif.findUniqueOrThrow({ where: { id: saved.id }, include: motifInclude });
      });
      return toMotifView(row);
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return null;
      throw error;
    }
  }

  async deactivateMotif(motifId: string): Promise<void> {
    await this.prisma.motif.update({ where: { id: motifId }, data: { active: false } });
  }

  async blocks(practitionerId: string, from: Date, to: Date): Promise<BlockView[]> {
    const rows = await this.prisma.agendaBlock.findMany({ where: { practitionerId, endsAt: { gt: from }, startsAt: { lt: to } }, orderBy: { startsAt: 'asc' } });
    return rows.map(toBlockView);
  }

  async block(practitionerId: string, blockId: string): Promise<BlockView | null> {
    const row = await this.prisma.agendaBlock.findFirst({ where: { id: blockId, practitionerId } });
    return row ? toBlockView(row) : null;
  }

  async addBlock(practitionerId: string, kind: BlockKind, label: string, startsAt: Date, endsAt: Date, createdById: string | null): Promise<BlockView> {
    return toBlockView(await this.prisma.agendaBlock.create({ data: { practitionerId, kind, label, startsAt, endsAt, createdById } }));
  }

  async removeBlock(blockId: string, kind: BlockKind): Promise<void> {
    if (kind === 'PUBLIC_HOLIDAY') {
      // Kept (and waived) so the pre-fill does not add it back.
      await this.prisma.agendaBlock.update({ where: { id: blockId }, data: { waivedAt: new Date() } });
    } else {
      await this.prisma.agendaBlock.delete({ where: { id: blockId } });
    }
  }

  /** Idempotent: a holiday already there (waived or not) is left alone. */
  async addPublicHolidays(holidays: { practitionerId: string; label: string; startsAt: Date; endsAt: Date }[]): Promise<number> {
    if (holidays.length === 0) return 0;
    const { count } = await this.prisma.agendaBlock.createMany({
      data: holidays.map((h) => ({ kind: 'PUBLIC_HOLIDAY' as const, ...h })),
      skipDuplicates: true,
    });
    return count;
  }

  async setNextFreeSlot(practitionerId: string, at: Date | null): Promise<void> {
    await this.prisma.practitioner.update({ where: { id: practitionerId }, data: { nextFreeSlotAt: at } });
  }

  /** Practitioners whose denormalised next slot has passed (refreshed by the agenda's periodic job). */
  async staleNextFreeSlot(now: Date, limit: number): Promise<string[]> {
    const rows = await this.prisma.practitioner.findMany({ where: { nextFreeSlotAt: { lt: now } }, select: { id: true }, take: limit });
    return rows.map((r) => r.id);
  }

  async allPractitionerIds(afterId: string | null, limit: number): Promise<{ id: string; departement: string }[]> {
    return this.prisma.practitioner.findMany({
      where: afterId ? { id: { gt: afterId } } : {},
      select: { id: true, departement: true },
      orderBy: { id: 'asc' },
      take: limit,
    });
  }
}

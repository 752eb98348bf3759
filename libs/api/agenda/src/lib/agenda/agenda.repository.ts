import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, Prisma, PrismaClient } from '@passerelle/api/database';
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
import { AgendaRules, Interval } from '../slots/slot-engine';

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

const toInfo = (p: Prisma.PractitionerGetPayload<{ select: typeof practitionerSelect }>): PractitionerAgendaInfo => ({
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

/** Agenda settings, hours, motifs and blocks, and the rules the slot engine reads. */
@Injectable()
export class AgendaRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async practitioner(id: string): Promise<PractitionerAgendaInfo | null> {
    const row = await this.prisma.practitioner.findUnique({ where: { id }, select: practitionerSelect });
    return row ? toInfo(row) : null;
  }

  /**
   * Everything the slot engine needs for several practitioners over a window,
   * in five indexed queries whatever the number of practitioners.
   */
  async rules(practitionerIds: string[], from: Date, to: Date): Promise<AgendaRules[]> {
    if (practitionerIds.length === 0) return [];
    const ids = { in: practitionerIds };
    // An appointment that starts before `from` can still cover it; motifs last 4 h at most.
    const lookBehind = new Date(from.getTime() - 4 * 3_600_000);
    const lookAhead = new Date(to.getTime() + 4 * 3_600_000);
    const [practitioners, ranges, motifs, blocks, appointments] = await Promise.all([
      this.prisma.practitioner.findMany({ where: { id: ids }, select: { id: true, slotMinutes: true, horizonDays: true, acceptsNewPatients: true } }),
      this.prisma.openingRange.findMany({ where: { practitionerId: ids } }),
      this.prisma.motif.findMany({ where: { practitionerId: ids, active: true }, include: { ranges: true }, orderBy: [{ position: 'asc' }, { label: 'asc' }] }),
      this.prisma.agendaBlock.findMany({ where: { practitionerId: ids, waivedAt: null, endsAt: { gt: from }, startsAt: { lt: lookAhead } }, select: { practitionerId: true, startsAt: true, endsAt: true } }),
      this.prisma.appointment.findMany({
        where: { practitionerId: ids, status: { not: 'CANCELLED' }, endsAt: { gt: lookBehind }, startsAt: { lt: lookAhead } },
        select: { practitionerId: true, startsAt: true, endsAt: true },
      }),
    ]);
    const by = <T extends { practitionerId: string }>(rows: T[]) => {
      const map = new Map<string, T[]>();
      for (const row of rows) map.set(row.practitionerId, [...(map.get(row.practitionerId) ?? []), row]);
      return map;
    };
    const rangesBy = by(ranges);
    const motifsBy = by(motifs);
    const blocksBy = by(blocks);
    const appointmentsBy = by(appointments);
    return practitioners.map((p) => ({
      practitionerId: p.id,
      slotMinutes: p.slotMinutes,
      horizonDays: p.horizonDays,
      acceptsNewPatients: p.acceptsNewPatients,
      ranges: (rangesBy.get(p.id) ?? []).map((r) => ({
        placeId: r.placeId, weekday: r.weekday, startMinute: r.startMinute, endMinute: r.endMinute, consultationTypes: r.consultationTypes as ConsultationType[],
      })),
      motifs: (motifsBy.get(p.id) ?? []).map((m) => ({
        id: m.id, durationMinutes: m.durationMinutes, consultationTypes: m.consultationTypes as ConsultationType[], openToNewPatients: m.openToNewPatients,
        bookableOnline: m.bookableOnline, isSnp: m.isSnp, ranges: m.ranges.map((r) => ({ weekday: r.weekday, startMinute: r.startMinute, endMinute: r.endMinute })),
      })),
      blocks: (blocksBy.get(p.id) ?? []) as Interval[],
      appointments: (appointmentsBy.get(p.id) ?? []) as Interval[],
    }));
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
  async addPublicHolidays(practitionerId: string, holidays: { label: string; startsAt: Date; endsAt: Date }[]): Promise<number> {
    const { count } = await this.prisma.agendaBlock.createMany({
      data: holidays.map((h) => ({ practitionerId, kind: 'PUBLIC_HOLIDAY' as const, ...h })),
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

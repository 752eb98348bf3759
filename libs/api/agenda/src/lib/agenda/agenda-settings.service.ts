import { Injectable } from '@nestjs/common';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { Conflict, NotFound, ValidationFailed } from '@passerelle/api/platform';
import {
  AgendaSettingsView,
  BlockRequest,
  BlockView,
  HoursChangeResult,
  MotifRequest,
  MotifView,
  ReplaceOpeningHoursRequest,
  SNP_MOTIF_LABEL,
  UpdateAgendaSettingsRequest,
} from '@passerelle/shared/contracts';
import { frenchPublicHolidays } from '../calendar/french-public-holidays';
import { AppointmentRepository } from '../appointments/appointment.repository';
import { isoWeekday, parisCivilDate, parisInstant, parisMinuteOfDay, parseCivilDate, addDays } from '../slots/paris-time';
import { AgendaRepository } from './agenda.repository';
import { SlotFinder } from './slot-finder';

const overlaps = (a: { weekday: number; startMinute: number; endMinute: number }, b: typeof a) =>
  a.weekday === b.weekday && a.startMinute < b.endMinute && b.startMinute < a.endMinute;

/**
 * Settings, weekly hours, motifs and blocks of a practitioner's agenda.
 * Callers have checked that the actor is staff of the practitioner
 * (AccessPolicy); every change is audited with who did it.
 */
@Injectable()
export class AgendaSettings {
  constructor(
    private readonly agenda: AgendaRepository,
    private readonly appointments: AppointmentRepository,
    private readonly slots: SlotFinder,
    private readonly audit: AuditTrail,
  ) {}

  async settings(practitionerId: string): Promise<AgendaSettingsView> {
    await this.agenda.ensureMainPlace(practitionerId);
    await this.ensurePublicHolidays(practitionerId);
    const settings = await this.agenda.settings(practitionerId);
    if (!settings) throw new NotFound('Praticien introuvable.');
    return settings;
  }

  async update(practitionerId: string, change: UpdateAgendaSettingsRequest, actor: Actor): Promise<AgendaSettingsView> {
    await this.agenda.updateSettings(practitionerId, change);
    await this.audit.record({ actor, action: 'agenda.settings.update', result: 'SUCCESS', onBehalfOf: practitionerId, resourceType: 'Practitioner', resourceId: practitionerId, details: { fields: Object.keys(change).join(',') } });
    await this.slots.refreshNextFreeSlot(practitionerId);
    return this.settings(practitionerId);
  }

  /**
   * Replaces the weekly hours at once. Free future slots follow the new hours
   * immediately; booked appointments are never moved or dropped — those now
   * outside the hours are returned as conflicts for the practice to resolve.
   */
  async replaceHours(practitionerId: string, request: ReplaceOpeningHoursRequest, actor: Actor): Promise<HoursChangeResult> {
    const places = new Set(await this.agenda.placeIds(practitionerId));
    if (places.size === 0) places.add(await this.agenda.ensureMainPlace(practitionerId));
    const fields: Record<string, string[]> = {};
    request.ranges.forEach((r, i) => {
      if (r.endMinute <= r.startMinute) fields[`ranges.${i}.endMinute`] = ['L’heure de fin doit suivre l’heure de début.'];
      if (!places.has(r.placeId)) fields[`ranges.${i}.placeId`] = ['Lieu de consultation inconnu pour ce praticien.'];
      const clash = request.ranges.findIndex((o, j) => j < i && overlaps(o, r));
      if (clash >= 0) fields[`ranges.${i}`] = [`Cette plage chevauche la plage n° ${clash + 1} du même jour.`];
    });
    if (Object.keys(fields).length > 0) {
      throw new ValidationFailed(Object.values(fields)[0][0], fields);
    }
    await this.agenda.replaceOpeningHours(practitionerId, request.ranges);
    const now = new Date();
    const conflicts = (await this.appointments.upcomingBooked(practitionerId, now)).filter((a) => {
      const start = new Date(a.start);
      const end = new Date(a.end);
      const weekday = isoWeekday(parisCivilDate(start));
      const from = parisMinuteOfDay(start);
      const to = from + Math.round((end.getTime() - start.getTime()) / 60_000);
      return !request.ranges.some((r) => r.weekday === weekday && r.placeId === a.placeId && r.startMinute <= from && to <= r.endMinute);
    });
    await this.audit.record({ actor, action: 'agenda.hours.replace', result: 'SUCCESS', onBehalfOf: practitionerId, resourceType: 'Practitioner', resourceId: practitionerId, details: { ranges: request.ranges.length, conflicts: conflicts.length } });
    await this.slots.refreshNextFreeSlot(practitionerId);
    return { settings: await this.settings(practitionerId), conflicts };
  }

  motifs(practitionerId: string): Promise<MotifView[]> {
    return this.agenda.motifs(practitionerId);
  }

  async saveMotif(practitionerId: string, motifId: string | null, request: MotifRequest, actor: Actor): Promise<MotifView> {
    if (motifId && !(await this.agenda.motif(practitionerId, motifId))) throw new NotFound('Motif introuvable.');
    const isSnp = request.isSnp ?? request.label.trim().toLowerCase() === SNP_MOTIF_LABEL.toLowerCase();
    const saved = await this.agenda.saveMotif(practitionerId, motifId, { ...request, isSnp });
    if (!saved) throw new Conflict('Un autre motif porte déjà ce libellé.');
    await this.audit.record({ actor, action: motifId ? 'agenda.motif.update' : 'agenda.motif.create', result: 'SUCCESS', onBehalfOf: practitionerId, resourceType: 'Motif', resourceId: saved.id });
    await this.slots.refreshNextFreeSlot(practitionerId);
    return saved;
  }

  async removeMotif(practitionerId: string, motifId: string, actor: Actor): Promise<void> {
    if (!(await this.agenda.motif(practitionerId, motifId))) throw new NotFound('Motif introuvable.');
    await this.agenda.deactivateMotif(motifId);
    await this.audit.record({ actor, action: 'agenda.motif.remove', result: 'SUCCESS', onBehalfOf: practitionerId, resourceType: 'Motif', resourceId: motifId });
    await this.slots.refreshNextFreeSlot(practitionerId);
  }

  async blocks(practitionerId: string, from: Date, to: Date): Promise<BlockView[]> {
    await this.ensurePublicHolidays(practitionerId);
    return this.agenda.blocks(practitionerId, from, to);
  }

  async addBlock(practitionerId: string, request: BlockRequest, actor: Actor): Promise<BlockView> {
    const startsAt = new Date(request.startsAt);
    const endsAt = new Date(request.endsAt);
    if (endsAt <= startsAt) throw new ValidationFailed('La fin doit suivre le début.', { endsAt: ['La fin doit suivre le début.'] });
    const block = await this.agenda.addBlock(practitionerId, request.kind, request.label.trim(), startsAt, endsAt, actor.accountId);
    await this.audit.record({ actor, action: 'agenda.block.add', result: 'SUCCESS', onBehalfOf: practitionerId, resourceType: 'AgendaBlock', resourceId: block.id, details: { kind: request.kind } });
    await this.slots.refreshNextFreeSlot(practitionerId);
    return block;
  }

  async removeBlock(practitionerId: string, blockId: string, actor: Actor): Promise<void> {
    const block = await this.agenda.block(practitionerId, blockId);
    if (!block) throw new NotFound('Période bloquée introuvable.');
    await this.agenda.removeBlock(blockId, block.kind);
    await this.audit.record({ actor, action: block.kind === 'PUBLIC_HOLIDAY' ? 'agenda.public-holiday.waive' : 'agenda.block.remove', result: 'SUCCESS', onBehalfOf: practitionerId, resourceType: 'AgendaBlock', resourceId: blockId });
    await this.slots.refreshNextFreeSlot(practitionerId);
  }

  /** French public holidays (of the practitioner's département) over this year and the next, pre-filled once; a waived one stays waived. */
  async ensurePublicHolidays(practitionerId: string, now = new Date()): Promise<number> {
    const info = await this.agenda.practitioner(practitionerId);
    if (!info) return 0;
    return this.ensurePublicHolidaysOf([{ id: info.id, departement: info.departement }], now);
  }

  /** The same for many practitioners in one statement (the daily job): each département's calendar is computed once. */
  async ensurePublicHolidaysOf(practitioners: { id: string; departement: string }[], now = new Date()): Promise<number> {
    const year = parisCivilDate(now).year;
    const calendars = new Map<string, HolidayBlock[]>();
    const rows = practitioners.flatMap((p) => {
      let blocks = calendars.get(p.departement);
      if (!blocks) {
        blocks = publicHolidayBlocks(p.departement, year);
        calendars.set(p.departement, blocks);
      }
      return blocks.map((block) => ({ practitionerId: p.id, ...block }));
    });
    return this.agenda.addPublicHolidays(rows);
  }
}

interface HolidayBlock {
  label: string;
  startsAt: Date;
  endsAt: Date;
}

/** The public holidays of `year` and the next in a département (mainland France's when the calendar does not know it), as whole Paris days. */
function publicHolidayBlocks(departement: string, year: number): HolidayBlock[] {
  let known: string | undefined = departement;
  return [year, year + 1].flatMap((y) => {
    let list;
    try {
      list = frenchPublicHolidays(y, known);
    } catch {
      known = undefined;
      list = frenchPublicHolidays(y);
    }
    return list.map((h) => {
      const day = parseCivilDate(h.date);
      return { label: h.name, startsAt: parisInstant(day, 0), endsAt: parisInstant(addDays(day, 1), 0) };
    });
  });
}

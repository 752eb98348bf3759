import { Injectable, Logger } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { PRISMA, PrismaClient } from '@passerelle/api/database';
import { addDays, parisCivilDate, parisInstant } from '../slots/paris-time';
import { AppointmentRepository } from '../appointments/appointment.repository';
import { AgendaRepository } from './agenda.repository';

/**
 * Demo agendas, after the identity demo data: Dr Benali (cardiology) has
 * hours and motifs; Dr Martin starts with none (the journey sets them) but
 * has a few past appointments, so the practice can mark one done or as a
 * no-show. Dates are relative to the day the database is seeded.
 */
@Injectable()
export class AgendaDemoData {
  private readonly logger = new Logger('AgendaDemoData');

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly agenda: AgendaRepository,
    private readonly appointments: AppointmentRepository,
  ) {}

  async seed(now = new Date()): Promise<void> {
    const martin = await this.prisma.practitioner.findUnique({ where: { rpps: '10101234567' }, include: { account: true } });
    const benali = await this.prisma.practitioner.findUnique({ where: { rpps: '10101234568' }, include: { account: true } });
    if (!martin || !benali) return;
    const martinPlace = await this.agenda.ensureMainPlace(martin.id);
    const benaliPlace = await this.agenda.ensureMainPlace(benali.id);
    await this.agenda.updateSettings(benali.id, { slotMinutes: 30, horizonDays: 180 });
    await this.agenda.replaceOpeningHours(
      benali.id,
      [1, 2, 3, 4, 5].flatMap((weekday) => [
        { weekday, startMinute: 9 * 60, endMinute: 12 * 60, placeId: benaliPlace, consultationTypes: ['CABINET' as const] },
        { weekday, startMinute: 14 * 60, endMinute: 18 * 60, placeId: benaliPlace, consultationTypes: ['CABINET' as const, 'VIDEO' as const] },
      ]),
    );
    await this.agenda.saveMotif(benali.id, null, { label: 'Consultation de cardiologie', durationMinutes: 30, consultationTypes: ['CABINET'], openToNewPatients: false, bookableOnline: true });
    await this.agenda.saveMotif(benali.id, null, { label: 'Téléconsultation de suivi', durationMinutes: 30, consultationTypes: ['VIDEO'], openToNewPatients: false, bookableOnline: true });

    const patients = await this.prisma.careRelationship.findMany({ where: { practitionerId: martin.id }, select: { patientId: true }, orderBy: { since: 'asc' }, take: 3 });
    const today = parisCivilDate(now);
    const past = [
      { daysAgo: 1, minute: 10 * 60, patient: patients[0]?.patientId, status: 'BOOKED' as const },
      { daysAgo: 1, minute: 10 * 60 + 15, patient: patients[1]?.patientId, status: 'DONE' as const },
      { daysAgo: 3, minute: 9 * 60, patient: patients[2]?.patientId, status: 'DONE' as const },
    ];
    for (const p of past) {
      if (!p.patient) continue;
      const startsAt = parisInstant(addDays(today, -p.daysAgo), p.minute);
      const created = await this.appointments.insert({
        practitionerId: martin.id, placeId: martinPlace, patientId: p.patient, motifId: null, motifLabel: 'Consultation', consultationType: 'CABINET',
        startsAt, endsAt: new Date(startsAt.getTime() + 15 * 60_000), channel: 'PRACTICE', bookedById: martin.accountId, patientMobile: null,
      });
      if (p.status === 'DONE') await this.appointments.changeStatus(created.id, 'BOOKED', 'DONE', martin.accountId);
    }
    this.logger.log('demo agendas created');
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, Prisma, PrismaClient } from '@passerelle/api/database';
import { SasAttachmentView, SasPatientIdentityDto, SasPatientView } from '@passerelle/shared/contracts';

type Tx = Prisma.TransactionClient;

/** The patient identity as stored (INS-shaped Patient), from what the regulator typed. */
export interface SasPatientIdentity {
  civility: 'MME' | 'M';
  firstName: string;
  lastName: string;
  birthName: string;
  birthDate: string;
  phone: string;
  email: string | null;
  birthPlaceInsee: string | null;
  birthCountryInsee: string | null;
}

export interface SasBookingExtras {
  alreadyConsulted: boolean;
  message: string | null;
  patientAddress: string | null;
  socialSecurityNumber: string | null;
  referringDoctor: string | null;
}

export interface SasBookingRow extends SasBookingExtras {
  id: string;
  appointmentId: string;
  regulatorId: string;
  regulatorName: string;
  createdAt: Date;
  practitioner: { id: string; displayName: string; specialtyLabel: string };
  place: { id: string; name: string; addressLine: string; postcode: string; commune: string; departement: string } | null;
  patient: SasPatientView;
  attachments: SasAttachmentView[];
}

export interface StoredAttachment extends SasAttachmentView {
  regulatorId: string;
  bookingId: string | null;
  storedName: string;
}

export interface NewAttachment {
  regulatorId: string;
  storedName: string;
  fileName: string;
  mediaType: SasAttachmentView['mediaType'];
  sizeBytes: number;
  sha256: string;
  /** Fingerprint of the practice key it is encrypted to. */
  encryptedTo: string;
}

/** The uploads a booking claims: the regulator's own, unattached, encrypted to the booked practice's key. */
export interface ClaimedAttachments {
  ids: string[];
  /** Current practice key fingerprint of the booked practitioner; null when the practice has none. */
  encryptedTo: string | null;
}

/** The same key came back: the booking it made (null while the first request is still running). */
export class IdempotentReplay extends Error {}

/** A referenced attachment is not (or no longer) the regulator's unattached upload. */
export class AttachmentsUnavailable extends Error {}

const upper = (s: string) => s.toLocaleUpperCase('fr-FR');

const patientData = (p: SasPatientIdentity) => ({
  birthName: upper(p.birthName),
  usedName: upper(p.lastName) === upper(p.birthName) ? null : upper(p.lastName),
  firstNames: p.firstName,
  birthDate: new Date(`${p.birthDate}T00:00:00Z`),
  sex: p.civility === 'MME' ? ('F' as const) : ('M' as const),
  birthPlaceInsee: p.birthPlaceInsee,
  birthCountryInsee: p.birthCountryInsee,
  phone: p.phone,
  email: p.email,
});

const attachmentSelect = { id: true, fileName: true, mediaType: true, sizeBytes: true, encryptedTo: true } satisfies Prisma.SasAttachmentSelect;
const toAttachmentView = (a: Prisma.SasAttachmentGetPayload<{ select: typeof attachmentSelect }>): SasAttachmentView => ({
  id: a.id,
  fileName: a.fileName,
  mediaType: a.mediaType as SasAttachmentView['mediaType'],
  sizeBytes: a.sizeBytes,
  encrypted: a.encryptedTo !== null,
});

const bookingInclude = {
  attachments: { select: attachmentSelect, orderBy: { createdAt: 'asc' } },
  appointment: {
    select: {
      place: { select: { id: true, name: true, addressLine: true, postcode: true, commune: true, departement: true } },
      practitioner: { select: { id: true, civility: true, firstName: true, lastName: true, specialtyLabel: true } },
      patient: true,
    },
  },
} satisfies Prisma.SasBookingInclude;
type BookingPayload = Prisma.SasBookingGetPayload<{ include: typeof bookingInclude }>;

/** SAS bookings, their patients, attachments and idempotency keys. */
@Injectable()
export class SasBookingRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  // ── Inside the booking's transaction (see AppointmentBooking.bookForRegulator) ──

  /**
   * Records the idempotency key first: a concurrent request with the same key
   * waits on the primary key until this transaction ends, then finds it.
   */
  /** Accounts of the active members of the practitioner's practice (who see its agenda). */
  async practiceMemberAccountIds(practitionerId: string): Promise<string[]> {
    const rows = await this.prisma.practiceMembership.findMany({
      where: { endedAt: null, account: { status: 'ACTIVE' }, practice: { practitioners: { some: { id: practitionerId } } } },
      select: { accountId: true },
    });
    return [...new Set(rows.map((r) => r.accountId))];
  }

  async claimRequest(tx: Tx, regulatorId: string, idempotencyKey: string, requestHash: string): Promise<void> {
    const inserted = await tx.$executeRaw`
      INSERT INTO "SasBookingRequest" ("regulatorId", "idempotencyKey", "requestHash")
      VALUES (${regulatorId}::uuid, ${idempotencyKey}, ${requestHash})
      ON CONFLICT DO NOTHING`;
    if (inserted === 0) throw new IdempotentReplay();
  }

  async createPatient(tx: Tx, identity: SasPatientIdentity): Promise<string> {
    return (await tx.patient.create({ data: { ...patientData(identity), identityStatus: 'PROVISIONAL' }, select: { id: true } })).id;
  }

  async recordBooking(tx: Tx, appointmentId: string, regulatorId: string, idempotencyKey: string, extras: SasBookingExtras, attachments: ClaimedAttachments): Promise<void> {
    const booking = await tx.sasBooking.create({ data: { appointmentId, regulatorId, ...extras }, select: { id: true } });
    if (attachments.ids.length > 0) {
      if (!attachments.encryptedTo) throw new AttachmentsUnavailable();
      const { count } = await tx.sasAttachment.updateMany({ where: { id: { in: attachments.ids }, regulatorId, bookingId: null, encryptedTo: attachments.encryptedTo }, data: { bookingId: booking.id } });
      if (count !== attachments.ids.length) throw new AttachmentsUnavailable();
    }
    await tx.sasBookingRequest.update({ where: { regulatorId_idempotencyKey: { regulatorId, idempotencyKey } }, data: { bookingId: booking.id } });
  }

  // ── Reads and later changes ──

  async request(regulatorId: string, idempotencyKey: string): Promise<{ requestHash: string; bookingId: string | null } | null> {
    return this.prisma.sasBookingRequest.findUnique({ where: { regulatorId_idempotencyKey: { regulatorId, idempotencyKey } }, select: { requestHash: true, bookingId: true } });
  }

  async booking(id: string): Promise<SasBookingRow | null> {
    const row = await this.prisma.sasBooking.findUnique({ where: { id }, include: bookingInclude });
    return row ? (await this.rows([row]))[0] : null;
  }

  async bookingOfAppointment(appointmentId: string): Promise<SasBookingRow | null> {
    const row = await this.prisma.sasBooking.findUnique({ where: { appointmentId }, include: bookingInclude });
    return row ? (await this.rows([row]))[0] : null;
  }

  /** The regulator's bookings, upcoming first then the most recent past ones. */
  async bookingsOf(regulatorId: string): Promise<SasBookingRow[]> {
    const rows = await this.prisma.sasBooking.findMany({ where: { regulatorId }, include: bookingInclude, orderBy: { appointment: { startsAt: 'desc' } }, take: 200 });
    return this.rows(rows);
  }

  async updatePatient(patientId: string, identity: SasPatientIdentity): Promise<void> {
    await this.prisma.patient.update({ where: { id: patientId }, data: patientData(identity) });
  }

  async updateBooking(id: string, change: Partial<SasBookingExtras>): Promise<void> {
    await this.prisma.sasBooking.update({ where: { id }, data: change });
  }

  // ── Attachments ──

  async createAttachment(a: NewAttachment): Promise<SasAttachmentView> {
    return toAttachmentView(await this.prisma.sasAttachment.create({ data: a, select: attachmentSelect }));
  }

  async attachment(id: string): Promise<StoredAttachment | null> {
    const row = await this.prisma.sasAttachment.findUnique({ where: { id } });
    return row ? { ...toAttachmentView(row), regulatorId: row.regulatorId, bookingId: row.bookingId, storedName: row.storedName } : null;
  }

  /** Among `attachments.ids`, the uploads a booking may claim (see ClaimedAttachments). */
  async claimable(regulatorId: string, attachments: ClaimedAttachments): Promise<string[]> {
    if (!attachments.encryptedTo || attachments.ids.length === 0) return [];
    const rows = await this.prisma.sasAttachment.findMany({ where: { id: { in: attachments.ids }, regulatorId, bookingId: null, encryptedTo: attachments.encryptedTo }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  /** Deletes an unattached upload of this regulator; returns its stored name (null when none). */
  async deleteUnattached(id: string, regulatorId: string): Promise<string | null> {
    const row = await this.prisma.sasAttachment.findFirst({ where: { id, regulatorId, bookingId: null }, select: { storedName: true } });
    if (!row) return null;
    const { count } = await this.prisma.sasAttachment.deleteMany({ where: { id, regulatorId, bookingId: null } });
    return count === 1 ? row.storedName : null;
  }

  /** Uploads never attached to a booking, older than `before` (purged with their files). */
  async staleUnattached(before: Date): Promise<{ id: string; storedName: string }[]> {
    return this.prisma.sasAttachment.findMany({ where: { bookingId: null, createdAt: { lt: before } }, select: { id: true, storedName: true }, take: 500 });
  }

  async deleteAttachmentRow(id: string): Promise<void> {
    await this.prisma.sasAttachment.deleteMany({ where: { id, bookingId: null } });
  }

  private async rows(rows: BookingPayload[]): Promise<SasBookingRow[]> {
    const regulatorIds = [...new Set(rows.map((r) => r.regulatorId))];
    const accounts = await this.prisma.account.findMany({ where: { id: { in: regulatorIds } }, select: { id: true, displayName: true } });
    const names = new Map(accounts.map((a) => [a.id, a.displayName]));
    return rows.map((r) => {
      const p = r.appointment.patient;
      const pr = r.appointment.practitioner;
      return {
        id: r.id,
        appointmentId: r.appointmentId,
        regulatorId: r.regulatorId,
        regulatorName: names.get(r.regulatorId) ?? '',
        createdAt: r.createdAt,
        alreadyConsulted: r.alreadyConsulted,
        message: r.message,
        patientAddress: r.patientAddress,
        socialSecurityNumber: r.socialSecurityNumber,
        referringDoctor: r.referringDoctor,
        practitioner: { id: pr.id, displayName: `${pr.civility ? `${pr.civility} ` : ''}${pr.firstName} ${pr.lastName}`, specialtyLabel: pr.specialtyLabel },
        place: r.appointment.place,
        patient: {
          id: p.id,
          civility: p.sex === 'F' ? 'MME' : p.sex === 'M' ? 'M' : null,
          firstName: p.firstNames,
          lastName: p.usedName ?? p.birthName,
          birthName: p.birthName,
          birthDate: p.birthDate.toISOString().slice(0, 10),
          phone: p.phone,
          email: p.email,
          birthPlaceInsee: p.birthPlaceInsee,
          birthCountryInsee: p.birthCountryInsee,
          identityStatus: p.identityStatus,
          address: r.patientAddress,
          socialSecurityNumber: r.socialSecurityNumber,
          referringDoctor: r.referringDoctor,
        },
        attachments: r.attachments.map(toAttachmentView),
      };
    });
  }
}

/** What the regulator typed → what is stored. */
export function identityOf(dto: SasPatientIdentityDto, normalizePhone: (phone: string) => string): SasPatientIdentity {
  return {
    civility: dto.civility,
    firstName: dto.firstName,
    lastName: dto.lastName,
    birthName: dto.birthName,
    birthDate: dto.birthDate,
    phone: normalizePhone(dto.phone),
    email: dto.email ?? null,
    birthPlaceInsee: dto.birthPlace?.bornInFrance ? (dto.birthPlace.communeInsee?.toUpperCase() ?? null) : null,
    birthCountryInsee: dto.birthPlace && !dto.birthPlace.bornInFrance ? (dto.birthPlace.countryInsee ?? null) : null,
  };
}

// class-transformer's @Type reads design-time metadata: the polyfill must be loaded wherever these classes are (API and browser).
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { BlockKind, CONSULTATION_TYPES, ConsultationType } from './agenda.types';

const TYPES = CONSULTATION_TYPES as unknown as string[];
const typesMessage = 'Types de consultation : CABINET, VIDEO ou HOME.';

/** A weekly range in Paris wall time: ISO weekday 1–7, minutes after midnight. */
export class WeeklyRangeDto {
  @IsInt({ message: 'Jour de la semaine invalide.' }) @Min(1, { message: 'Jour de la semaine invalide (1 = lundi … 7 = dimanche).' }) @Max(7, { message: 'Jour de la semaine invalide (1 = lundi … 7 = dimanche).' })
  weekday!: number;

  @IsInt({ message: 'Heure de début invalide.' }) @Min(0, { message: 'Heure de début invalide.' }) @Max(1439, { message: 'Heure de début invalide.' })
  startMinute!: number;

  @IsInt({ message: 'Heure de fin invalide.' }) @Min(1, { message: 'Heure de fin invalide.' }) @Max(1440, { message: 'Heure de fin invalide.' })
  endMinute!: number;
}

export class OpeningRangeDto extends WeeklyRangeDto {
  @IsUUID('all', { message: 'Lieu de consultation invalide.' })
  placeId!: string;

  @IsArray({ message: typesMessage }) @ArrayMinSize(1, { message: 'Choisissez au moins un type de consultation.' }) @ArrayUnique({ message: typesMessage }) @IsIn(TYPES, { each: true, message: typesMessage })
  consultationTypes!: ConsultationType[];
}

/** PUT /api/practitioners/:id/agenda/hours: replaces the weekly hours. */
export class ReplaceOpeningHoursRequest {
  @IsArray({ message: 'Liste des plages horaires attendue.' }) @ArrayMaxSize(100, { message: '100 plages au plus.' }) @ValidateNested({ each: true }) @Type(() => OpeningRangeDto)
  ranges!: OpeningRangeDto[];
}

export const EXTRA_IDENTITY_FIELDS = ['email', 'address', 'socialSecurityNumber', 'referringDoctor', 'birthPlace'] as const;
export type ExtraIdentityField = (typeof EXTRA_IDENTITY_FIELDS)[number];

/** PUT /api/practitioners/:id/agenda/settings (every field optional). */
export class UpdateAgendaSettingsRequest {
  @IsOptional() @IsInt({ message: 'Durée de créneau invalide.' }) @IsIn([5, 10, 15, 20, 30, 45, 60], { message: 'Durée de créneau : 5, 10, 15, 20, 30, 45 ou 60 minutes.' })
  slotMinutes?: number;

  @IsOptional() @IsInt({ message: 'Horizon invalide.' }) @Min(7, { message: 'Horizon de 7 jours au moins.' }) @Max(365, { message: 'Horizon de 365 jours au plus.' })
  horizonDays?: number;

  @IsOptional() @IsIn(['FREE', 'LIST'], { message: 'Saisie du motif : FREE (libre) ou LIST (liste).' })
  motifEntryMode?: 'FREE' | 'LIST';

  @IsOptional() @IsIn(['OPEN', 'ALLOW_LIST'], { message: 'Réservation en ligne : OPEN ou ALLOW_LIST.' })
  onlineBookingMode?: 'OPEN' | 'ALLOW_LIST';

  @IsOptional() @IsInt({ message: 'Délai d’annulation invalide.' }) @Min(0) @Max(168, { message: 'Délai d’annulation de 168 heures au plus.' })
  patientCancelCutoffHours?: number;

  @IsOptional() @IsBoolean({ message: 'Oui ou non attendu.' })
  acceptsNewPatients?: boolean;

  @IsOptional() @IsBoolean({ message: 'Oui ou non attendu.' })
  sasParticipation?: boolean;

  @IsOptional() @IsArray() @ArrayUnique() @IsIn(EXTRA_IDENTITY_FIELDS as unknown as string[], { each: true, message: 'Champ d’identité inconnu.' })
  extraIdentityFields?: ExtraIdentityField[];
}

/** POST /api/practitioners/:id/motifs and PUT …/motifs/:motifId */
export class MotifRequest {
  @IsString({ message: 'Libellé requis.' }) @Length(2, 120, { message: 'Libellé de 2 à 120 caractères.' })
  label!: string;

  @IsInt({ message: 'Durée invalide.' }) @Min(5, { message: 'Durée de 5 minutes au moins.' }) @Max(240, { message: 'Durée de 240 minutes au plus.' })
  durationMinutes!: number;

  @IsArray({ message: typesMessage }) @ArrayMinSize(1, { message: 'Choisissez au moins un type de consultation.' }) @ArrayUnique() @IsIn(TYPES, { each: true, message: typesMessage })
  consultationTypes!: ConsultationType[];

  @IsBoolean({ message: 'Oui ou non attendu.' })
  openToNewPatients!: boolean;

  @IsBoolean({ message: 'Oui ou non attendu.' })
  bookableOnline!: boolean;

  @IsOptional() @IsBoolean({ message: 'Oui ou non attendu.' })
  isSnp?: boolean;

  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => WeeklyRangeDto)
  ranges?: WeeklyRangeDto[];
}

/** POST /api/practitioners/:id/blocks */
export class BlockRequest {
  @IsIn(['HOLIDAY', 'ABSENCE', 'BLOCKED'], { message: 'Type : HOLIDAY (congés), ABSENCE ou BLOCKED (plage bloquée).' })
  kind!: Exclude<BlockKind, 'PUBLIC_HOLIDAY'>;

  @IsString() @Length(1, 120, { message: 'Libellé de 1 à 120 caractères.' })
  label!: string;

  @IsISO8601({ strict: true }, { message: 'Date et heure de début invalides.' })
  startsAt!: string;

  @IsISO8601({ strict: true }, { message: 'Date et heure de fin invalides.' })
  endsAt!: string;
}

/** POST /api/practitioners/:id/appointments */
export class BookAppointmentRequest {
  @IsISO8601({ strict: true }, { message: 'Début du rendez-vous invalide.' })
  start!: string;

  @IsIn(TYPES, { message: typesMessage })
  consultationType!: ConsultationType;

  /** A motif of the practitioner's list (LIST mode). */
  @IsOptional() @IsUUID('all', { message: 'Motif invalide.' })
  motifId?: string;

  /** Free text motif (FREE mode). */
  @IsOptional() @IsString() @Length(2, 200, { message: 'Motif de 2 à 200 caractères.' })
  motifText?: string;

  /** Practice staff book for a patient; patients book for themselves. */
  @IsOptional() @IsUUID('all', { message: 'Patient invalide.' })
  patientId?: string;

  /** Required for a video consultation: a French mobile number. */
  @IsOptional() @Matches(/^(\+33|0)[67]\d{8}$/, { message: 'Numéro de mobile invalide (06 ou 07, 10 chiffres).' })
  patientMobile?: string;
}

export class CancelAppointmentRequest {
  @IsOptional() @IsString() @MaxLength(300, { message: '300 caractères au plus.' })
  reason?: string;
}

export class MoveAppointmentRequest {
  @IsISO8601({ strict: true }, { message: 'Nouvel horaire invalide.' })
  start!: string;
}

export class PaymentStatusRequest {
  @IsIn(['PAID', 'UNPAID'], { message: 'Statut : PAID (payé) ou UNPAID (impayé).' })
  status!: 'PAID' | 'UNPAID';
}

export class AttachSecretaryRequest {
  @IsEmail({}, { message: 'Adresse e-mail invalide.' })
  email!: string;
}

export class AllowListEntryRequest {
  @IsEmail({}, { message: 'Adresse e-mail invalide.' })
  email!: string;
}

/** Query of GET …/slots and …/calendar: ISO instants, 93 days at most. */
export class TimeWindowQuery {
  @IsISO8601({ strict: true }, { message: 'Début de période invalide.' })
  from!: string;

  @IsISO8601({ strict: true }, { message: 'Fin de période invalide.' })
  to!: string;
}

// class-transformer's @Type reads design-time metadata: the polyfill must be loaded wherever these classes are (API and browser).
import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
  registerDecorator,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { CONSULTATION_TYPES, ConsultationType } from '../agenda/agenda.types';
import {
  BIRTH_DATE_MESSAGE,
  BirthPlaceDto,
  emptyAsUndefined,
  FRENCH_PHONE_MESSAGE,
  FRENCH_PHONE_PATTERN,
  IsBirthDate,
  personNameMessage,
  PERSON_NAME_PATTERN,
  trimmed,
} from '../identity/identity-fields';

const TYPES = CONSULTATION_TYPES as unknown as string[];

/** Window of a regulator search: 48 h by default (seed 004), 72 h on demand, a week at most. */
export const SAS_DEFAULT_WINDOW_HOURS = 48;
export const SAS_MAX_WINDOW_HOURS = 168;
export const SAS_SEARCH_PAGE_SIZE = 10;
/** Attachments (seed 004): .pdf, .jpg, .jpeg, .png, each under 50 MB. */
export const SAS_ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024;
export const SAS_ATTACHMENT_EXTENSIONS = ['.pdf', '.jpg', '.jpeg', '.png'] as const;
/** What the API stores at most: the OpenPGP message of a file under 50 MB (session key, packet headers, integrity tag: far below 64 KiB). */
export const SAS_ATTACHMENT_MAX_ENCRYPTED_BYTES = SAS_ATTACHMENT_MAX_BYTES + 64 * 1024;
export const SAS_ATTACHMENTS_PER_BOOKING = 10;
export const SAS_MESSAGE_MAX_LENGTH = 2000;
/** The warning shown above the message to the practitioner (seed 004). */
export const SAS_MESSAGE_WARNING =
  'Attention : ce message ne sera pas lu en temps réel et ne doit pas présenter de caractère d’urgence. Il peut aussi ne pas être lu par le praticien auquel vous adressez votre patient. Les informations renseignées ne doivent pas être excessives, inappropriées, subjectives, insultantes, discriminatoires ou contraires à la loi.';
/** Header carrying the client's idempotency key on POST /api/regulation/bookings. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,100}$/;

/** French social security number (NIR): 13 characters (Corsica 2A/2B allowed) + 2-digit key = 97 − (number mod 97). */
export function isValidNir(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const nir = value.replace(/\s/g, '').toUpperCase();
  if (!/^[12378]\d{4}(\d{2}|2A|2B)\d{6}\d{2}$/.test(nir)) return false;
  const body = nir.slice(0, 13).replace('2A', '19').replace('2B', '18');
  return 97 - Number(BigInt(body) % 97n) === Number(nir.slice(13));
}

function IsNir(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({ name: 'isNir', target: target.constructor, propertyName, options, validator: { validate: (value: unknown) => isValidNir(value) } });
}

/**
 * GET /api/regulation/slots — slots the SAS may book (issue 4 §2), grouped by
 * practitioner card. `specialty` is a TRE_R38 code (SM54 = médecine
 * générale); `place` a commune, postcode or département (neighbouring
 * départements are searched too); the window starts at `from` (default now)
 * and lasts `hours` (default 48).
 */
export class RegulatorSlotSearchQuery {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString({ message: 'Choisissez une spécialité.' })
  @Matches(/^[A-Z]{1,4}\d{1,3}$/, { message: 'Spécialité invalide : code de la nomenclature TRE_R38 attendu (par exemple SM54).' })
  specialty!: string;

  @Transform(trimmed)
  @IsString({ message: 'Indiquez une commune, un code postal ou un département.' })
  @Length(1, 100, { message: 'Indiquez une commune, un code postal ou un département (100 caractères au plus).' })
  place!: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Début de période invalide.' })
  from?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Durée de la période invalide (en heures).' })
  @Min(1, { message: 'Période d’une heure au moins.' })
  @Max(SAS_MAX_WINDOW_HOURS, { message: `Période de ${SAS_MAX_WINDOW_HOURS} heures au plus.` })
  hours?: number;

  @IsOptional()
  @IsIn(TYPES, { message: 'Type de consultation : CABINET, VIDEO ou HOME.' })
  consultationType?: ConsultationType;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Numéro de page invalide.' })
  @Min(1, { message: 'Numéro de page invalide : 1 au moins.' })
  @Max(100, { message: 'Numéro de page invalide : 100 au plus.' })
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Graine de tri invalide.' })
  @Min(0, { message: 'Graine de tri invalide.' })
  @Max(2147483647, { message: 'Graine de tri invalide.' })
  seed?: number;
}

/** GET /api/regulation/practitioners/:id/funnel?start= */
export class SasFunnelQuery {
  @IsISO8601({ strict: true }, { message: 'Horaire du créneau invalide.' })
  start!: string;
}

/** GET /api/regulation/practitioners/:id/slots?hours= */
export class SasPractitionerSlotsQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Durée de la période invalide (en heures).' })
  @Min(1, { message: 'Période d’une heure au moins.' })
  @Max(SAS_MAX_WINDOW_HOURS, { message: `Période de ${SAS_MAX_WINDOW_HOURS} heures au plus.` })
  hours?: number;
}

const NAME = PERSON_NAME_PATTERN;
const nameMessage = personNameMessage;

/** The patient's identity as the regulator types it (seed 004): mandatory fields first. */
export class SasPatientIdentityDto {
  @IsIn(['MME', 'M'], { message: 'Civilité : Madame ou Monsieur.' })
  civility!: 'MME' | 'M';

  @Transform(trimmed)
  @IsString({ message: 'Prénom du patient requis.' })
  @Length(1, 100, { message: 'Prénom du patient requis (100 caractères au plus).' })
  @Matches(NAME, { message: nameMessage('Prénom') })
  firstName!: string;

  @Transform(trimmed)
  @IsString({ message: 'Nom du patient requis.' })
  @Length(1, 100, { message: 'Nom du patient requis (100 caractères au plus).' })
  @Matches(NAME, { message: nameMessage('Nom') })
  lastName!: string;

  @Transform(trimmed)
  @IsString({ message: 'Nom de naissance du patient requis.' })
  @Length(1, 100, { message: 'Nom de naissance du patient requis (100 caractères au plus).' })
  @Matches(NAME, { message: nameMessage('Nom de naissance') })
  birthName!: string;

  @IsBirthDate({ message: BIRTH_DATE_MESSAGE })
  birthDate!: string;

  @Transform(trimmed)
  @IsString({ message: 'Téléphone du patient requis.' })
  @Matches(FRENCH_PHONE_PATTERN, { message: FRENCH_PHONE_MESSAGE })
  phone!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => BirthPlaceDto)
  birthPlace?: BirthPlaceDto;

  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsEmail({}, { message: 'Adresse e-mail du patient invalide.' })
  @MaxLength(200, { message: 'Adresse e-mail de 200 caractères au plus.' })
  email?: string;

  /** Extra fields some practitioners ask for (agenda settings). */
  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  @Length(5, 300, { message: 'Adresse postale de 5 à 300 caractères.' })
  address?: string;

  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsNir({ message: 'Numéro de sécurité sociale invalide : 15 caractères, clé comprise.' })
  socialSecurityNumber?: string;

  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  @Length(2, 200, { message: 'Médecin traitant : de 2 à 200 caractères.' })
  referringDoctor?: string;
}

/** POST /api/regulation/bookings (with an Idempotency-Key header). */
export class SasBookingRequest {
  @IsUUID('all', { message: 'Praticien invalide.' })
  practitionerId!: string;

  @IsISO8601({ strict: true }, { message: 'Horaire du créneau invalide.' })
  start!: string;

  @IsIn(TYPES, { message: 'Choisissez le type de consultation (au cabinet ou en vidéo).' })
  consultationType!: ConsultationType;

  @IsBoolean({ message: 'Indiquez si le patient a déjà consulté ce praticien (oui ou non).' })
  alreadyConsulted!: boolean;

  @IsUUID('all', { message: 'Choisissez un motif de consultation.' })
  motifId!: string;

  @ValidateNested()
  @Type(() => SasPatientIdentityDto)
  patient!: SasPatientIdentityDto;

  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  @MaxLength(SAS_MESSAGE_MAX_LENGTH, { message: `Message de ${SAS_MESSAGE_MAX_LENGTH} caractères au plus.` })
  message?: string;

  @IsOptional()
  @IsArray({ message: 'Liste de pièces jointes attendue.' })
  @ArrayMaxSize(SAS_ATTACHMENTS_PER_BOOKING, { message: `${SAS_ATTACHMENTS_PER_BOOKING} pièces jointes au plus.` })
  @ArrayUnique({ message: 'Pièce jointe en double.' })
  @IsUUID('all', { each: true, message: 'Pièce jointe invalide.' })
  attachmentIds?: string[];
}

/** PATCH /api/regulation/bookings/:id — move it, correct the identity, rewrite the message. */
export class UpdateSasBookingRequest {
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Nouvel horaire invalide.' })
  start?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => SasPatientIdentityDto)
  patient?: SasPatientIdentityDto;

  @IsOptional()
  @IsString()
  @MaxLength(SAS_MESSAGE_MAX_LENGTH, { message: `Message de ${SAS_MESSAGE_MAX_LENGTH} caractères au plus.` })
  message?: string;
}

import { Transform, Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ONE_TIME_LINK_TOKEN_PATTERN, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../auth/auth.dto';

/** The profession a regulator account shows. */
export const REGULATOR_PROFESSION = 'Régulateur';
/** A regulator's one-time link lasts 72 hours. */
export const INVITATION_VALIDITY_HOURS = 72;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** POST /api/admin/regulators */
export class CreateRegulatorRequest {
  @Transform(trim) @IsString({ message: 'Prénom requis.' }) @Length(1, 100, { message: 'Prénom requis (100 caractères au plus).' })
  givenName!: string;

  @Transform(trim) @IsString({ message: 'Nom requis.' }) @Length(1, 100, { message: 'Nom requis (100 caractères au plus).' })
  familyName!: string;

  @Transform(trim) @IsEmail({}, { message: 'Adresse e-mail invalide.' }) @MaxLength(254, { message: 'Adresse e-mail trop longue.' })
  email!: string;

  /** RPPS of the regulator when they have one (11 digits, or 12 with the IDNPS "8"): the SAS platform's identifier. */
  @IsOptional() @Transform(trim) @Matches(/^8?\d{11}$/, { message: 'Numéro RPPS invalide (11 chiffres).' })
  rpps?: string;
}

export interface RegulatorView {
  id: string;
  accountId: string;
  givenName: string;
  familyName: string;
  email: string;
  profession: typeof REGULATOR_PROFESSION;
  identifier: { system: string; value: string } | null;
  active: boolean;
  /** INVITED until the regulator has chosen a password through the link. */
  accountStatus: 'INVITED' | 'ACTIVE' | 'DISABLED';
  source: 'SAS_PLATFORM' | 'ADMIN';
  createdAt: string;
}

/** GET /api/invitations/:token */
export interface InvitationView {
  email: string;
  displayName: string;
  profession: string;
  expiresAt: string;
}

/** POST /api/invitations/:token/accept */
export class AcceptInvitationRequest {
  @IsString({ message: 'Mot de passe requis.' })
  @MinLength(PASSWORD_MIN_LENGTH, { message: `Le mot de passe doit comporter au moins ${PASSWORD_MIN_LENGTH} caractères.` })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: 'Mot de passe trop long.' })
  password!: string;
}

/** The token of a one-time link: 43 base64url characters (256 bits). */
export const INVITATION_TOKEN_PATTERN = ONE_TIME_LINK_TOKEN_PATTERN;

/** GET /api/admin/outbox */
export class OutboxQuery {
  @IsOptional() @Type(() => Number) @IsInt({ message: 'Nombre entier attendu.' }) @Min(1, { message: '1 au moins.' }) @Max(200, { message: '200 au plus.' })
  limit = 50;

  @IsOptional() @IsEmail({}, { message: 'Adresse e-mail invalide.' })
  to?: string;
}

export interface OutboxEmailView {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  createdAt: string;
}

/** Identifier systems of the SAS platform's regulator accounts (INT_R02). */
export const SAS_IDENTIFIER_SYSTEMS = {
  /** IDNPS: "8" + RPPS. */
  idnps: 'urn:oid:1.2.250.1.71.4.2.1',
  /** The SAS platform's technical identifier (INTRN). */
  sasTechnicalId: 'urn:oid:1.2.250.1.213.3.6',
} as const;

/** GET /api/regulators/me */
export interface RegulatorSelfView {
  displayName: string;
  email: string;
  profession: typeof REGULATOR_PROFESSION;
  identifiers: { system: string; value: string }[];
}

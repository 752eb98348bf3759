import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, Length, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { ProtectedPrivateKeyDto } from '../messaging/messaging.dto';
import { LOGIN_SPACES, LoginSpace, Role } from '../roles/roles';

/** Password policy (CNIL 2022 / ANSSI): 12 characters at least, 128 at most. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export class LoginRequest {
  @IsEmail({}, { message: 'Adresse e-mail invalide.' })
  @MaxLength(254, { message: 'Adresse e-mail trop longue.' })
  email!: string;

  @IsString({ message: 'Mot de passe requis.' })
  @IsNotEmpty({ message: 'Mot de passe requis.' })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: 'Mot de passe trop long.' })
  password!: string;

  @IsIn(LOGIN_SPACES as unknown as string[], { message: 'Espace de connexion inconnu (patient ou pro).' })
  space!: LoginSpace;
}

/** A 6-digit TOTP code, or a recovery code (xxxxx-xxxxx). */
export class MfaCodeRequest {
  @IsString({ message: 'Code requis.' })
  @Matches(/^(\d{6}|[a-z2-9]{5}-[a-z2-9]{5})$/i, {
    message: 'Saisissez le code à 6 chiffres de votre application ou un code de secours (xxxxx-xxxxx).',
  })
  code!: string;
}

export class ReauthenticateRequest {
  @IsString({ message: 'Mot de passe requis.' })
  @IsNotEmpty({ message: 'Mot de passe requis.' })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: 'Mot de passe trop long.' })
  password!: string;

  @IsOptional()
  @IsString({ message: 'Le code doit comporter 6 chiffres.' })
  @Matches(/^\d{6}$/, { message: 'Le code doit comporter 6 chiffres.' })
  code?: string;
}

export class ChangePasswordRequest {
  @IsString({ message: 'Nouveau mot de passe requis.' })
  @MinLength(PASSWORD_MIN_LENGTH, { message: `Le mot de passe doit comporter au moins ${PASSWORD_MIN_LENGTH} caractères.` })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: 'Mot de passe trop long.' })
  newPassword!: string;

  /**
   * Required when the account has messaging keys: the same private key,
   * protected in the browser with the new password. The API stores it in the
   * same transaction as the new password (never one without the other).
   */
  @IsOptional() @IsObject({ message: 'Clé privée protégée attendue.' }) @ValidateNested() @Type(() => ProtectedPrivateKeyDto)
  newKeyProtection?: ProtectedPrivateKeyDto;
}

/** One-time links sent by e-mail (regulator invitations, password resets): 256 random bits, base64url. */
export const ONE_TIME_LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** How long a "mot de passe oublié" link works. */
export const PASSWORD_RESET_VALIDITY_MINUTES = 60;

/** POST /api/auth/password-reset: always 202, whether the account exists or not. */
export class PasswordResetRequest {
  @IsEmail({}, { message: 'Adresse e-mail invalide.' })
  @MaxLength(254, { message: 'Adresse e-mail trop longue.' })
  email!: string;

  @IsIn(LOGIN_SPACES as unknown as string[], { message: 'Espace de connexion inconnu (patient ou pro).' })
  space!: LoginSpace;
}

/** POST /api/auth/password-reset/:token */
export class CompletePasswordResetRequest {
  @IsString({ message: 'Nouveau mot de passe requis.' })
  @MinLength(PASSWORD_MIN_LENGTH, { message: `Le mot de passe doit comporter au moins ${PASSWORD_MIN_LENGTH} caractères.` })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: 'Mot de passe trop long.' })
  password!: string;

  /** With a second factor: the 6-digit code of the app, or a recovery code. */
  @IsOptional()
  @IsString({ message: 'Code requis.' })
  @Matches(/^(\d{6}|[a-z2-9]{5}-[a-z2-9]{5})$/i, {
    message: 'Saisissez le code à 6 chiffres de votre application ou un code de secours (xxxxx-xxxxx).',
  })
  code?: string;
}

/** GET /api/auth/password-reset/:token: who the link is for, and whether a second factor is needed. */
export interface PasswordResetView {
  email: string;
  mfaRequired: boolean;
  expiresAt: string;
}

export class ChangeEmailRequest {
  @IsEmail({}, { message: 'Adresse e-mail invalide.' })
  @MaxLength(254, { message: 'Adresse e-mail trop longue.' })
  email!: string;
}

export class PatientRegistrationRequest {
  @IsEmail({}, { message: 'Adresse e-mail invalide.' })
  @MaxLength(254, { message: 'Adresse e-mail trop longue.' })
  email!: string;

  @IsString({ message: 'Mot de passe requis.' })
  @MinLength(PASSWORD_MIN_LENGTH, { message: `Le mot de passe doit comporter au moins ${PASSWORD_MIN_LENGTH} caractères.` })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: 'Mot de passe trop long.' })
  password!: string;

  @IsString({ message: 'Prénom requis.' })
  @Length(1, 100, { message: 'Prénom requis (100 caractères au plus).' })
  firstName!: string;

  @IsString({ message: 'Nom requis.' })
  @Length(1, 100, { message: 'Nom requis (100 caractères au plus).' })
  lastName!: string;
}

/** Where the login is: the web app routes on `stage`. */
export type SessionStage = 'authenticated' | 'mfa-required' | 'mfa-enrolment-required';

export interface AccountView {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  mfaEnabled: boolean;
}

export interface SessionView {
  account: AccountView;
  stage: SessionStage;
  /** ISO instants: idle expiry moves on each request; absolute expiry never does. */
  idleExpiresAt: string;
  absoluteExpiresAt: string;
  /** A regulator who entered from the SAS platform (origin=sas): regulator functions are open. */
  sasOrigin?: boolean;
}

export interface MfaEnrolmentStart {
  /** Base32 secret, to type by hand when the QR code cannot be scanned. */
  secret: string;
  /** otpauth:// URI to render as a QR code. */
  otpauthUri: string;
}

export interface MfaEnrolmentResult {
  /** Shown once; the server keeps only their hashes. */
  recoveryCodes: string[];
  session: SessionView;
}

export interface ActiveSessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { THREAD_PURPOSES, THREAD_STATES, ThreadPurpose, ThreadState } from './messaging.types';

/** An armored OpenPGP message body: ~1 KB usually; 64 KB is generous for text. */
const BODY_MAX = 64 * 1024;
const bodyMessage = 'Le message chiffré est manquant ou trop long.';
const armoredKeyMessage = 'Clé OpenPGP (format ASCII armor) attendue.';

export class ProtectedPrivateKeyDto {
  @IsIn([1], { message: 'Version de clé protégée inconnue.' })
  version!: 1;

  @IsIn(['PBKDF2-SHA256'], { message: 'Fonction de dérivation inconnue.' })
  kdf!: 'PBKDF2-SHA256';

  @IsInt({ message: 'Nombre d’itérations invalide.' }) @Min(100_000, { message: 'Au moins 100 000 itérations.' }) @Max(10_000_000, { message: 'Nombre d’itérations trop élevé.' })
  iterations!: number;

  @IsString({ message: 'Sel invalide.' }) @Matches(/^[A-Za-z0-9+/]{16,64}={0,2}$/, { message: 'Sel invalide.' })
  salt!: string;

  @IsString({ message: armoredKeyMessage }) @MaxLength(16_384, { message: armoredKeyMessage }) @Matches(/^-----BEGIN PGP PRIVATE KEY BLOCK-----/, { message: armoredKeyMessage })
  armoredKey!: string;
}

/** PUT /api/messaging/keys/me: first registration of the account's key pair. */
export class RegisterAccountKeyRequest {
  @IsString({ message: armoredKeyMessage }) @MaxLength(16_384, { message: armoredKeyMessage }) @Matches(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/, { message: armoredKeyMessage })
  publicKey!: string;

  @IsObject({ message: 'Clé privée protégée attendue.' }) @ValidateNested() @Type(() => ProtectedPrivateKeyDto)
  protectedPrivateKey!: ProtectedPrivateKeyDto;

  @IsOptional() @IsObject({ message: 'Kit de récupération invalide.' }) @ValidateNested() @Type(() => ProtectedPrivateKeyDto)
  recoveryPrivateKey?: ProtectedPrivateKeyDto;
}

/** PUT /api/messaging/keys/me/protection: the same key, protected anew (password change, recovery). */
export class ReprotectAccountKeyRequest {
  @IsObject({ message: 'Clé privée protégée attendue.' }) @ValidateNested() @Type(() => ProtectedPrivateKeyDto)
  protectedPrivateKey!: ProtectedPrivateKeyDto;

  @IsOptional() @IsObject({ message: 'Kit de récupération invalide.' }) @ValidateNested() @Type(() => ProtectedPrivateKeyDto)
  recoveryPrivateKey?: ProtectedPrivateKeyDto;
}

export class PracticeKeyCopyDto {
  @IsUUID('all', { message: 'Identifiant de compte invalide.' })
  accountId!: string;

  /** base64 of the binary OpenPGP message. */
  @IsString({ message: 'Copie chiffrée invalide.' }) @MaxLength(16_384, { message: 'Copie chiffrée trop longue.' }) @Matches(/^[A-Za-z0-9+/]+={0,2}$/, { message: 'Copie chiffrée invalide (base64 attendu).' })
  encryptedPrivateKey!: string;
}

/** PUT /api/messaging/practice-key: the practice's key, created once, with a copy per member. */
export class CreatePracticeKeyRequest {
  @IsString({ message: armoredKeyMessage }) @MaxLength(16_384, { message: armoredKeyMessage }) @Matches(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/, { message: armoredKeyMessage })
  publicKey!: string;

  @IsArray({ message: 'Liste des copies attendue.' }) @ArrayMaxSize(200, { message: '200 copies au plus.' }) @ValidateNested({ each: true }) @Type(() => PracticeKeyCopyDto)
  copies!: PracticeKeyCopyDto[];
}

/** POST /api/messaging/practice-key/copies: share the practice key with members who lack it. */
export class SharePracticeKeyRequest {
  @IsArray({ message: 'Liste des copies attendue.' }) @ArrayMaxSize(200, { message: '200 copies au plus.' }) @ValidateNested({ each: true }) @Type(() => PracticeKeyCopyDto)
  copies!: PracticeKeyCopyDto[];
}

export class EncryptedBodyRequest {
  @IsString({ message: bodyMessage }) @MinLength(1, { message: bodyMessage }) @MaxLength(BODY_MAX, { message: bodyMessage })
  body!: string;
}

/** POST /api/messaging/threads/:id/messages, …/renew, …/refuse, …/ask-to-book, …/close */
export class SendMessageRequest extends EncryptedBodyRequest {
  @IsOptional() @IsArray({ message: 'Liste de pièces jointes attendue.' }) @ArrayMaxSize(10, { message: '10 pièces jointes au plus.' }) @ArrayUnique({ message: 'Pièce jointe en double.' }) @IsUUID('all', { each: true, message: 'Identifiant de pièce jointe invalide.' })
  attachmentIds?: string[];
}

/** POST /api/messaging/threads (files follow, in the thread's next message). */
export class OpenThreadRequest extends EncryptedBodyRequest {
  @IsUUID('all', { message: 'Praticien invalide.' })
  practitionerId!: string;

  /** Required when practice staff open the thread; ignored for a patient (themself). */
  @IsOptional() @IsUUID('all', { message: 'Patient invalide.' })
  patientId?: string;

  @IsIn(THREAD_PURPOSES as unknown as string[], { message: "Motif : renouvellement d'ordonnance, question administrative ou envoi de document." })
  purpose!: ThreadPurpose;
}

export class MarkReadRequest {
  @IsInt({ message: 'Numéro de message invalide.' }) @Min(0, { message: 'Numéro de message invalide.' })
  seq!: number;
}

export class AssignThreadRequest {
  /** null: unassigned. */
  @IsOptional() @IsUUID('all', { message: 'Personne invalide.' })
  accountId!: string | null;
}

export class ThreadListQuery {
  @IsOptional() @IsIn(THREAD_PURPOSES as unknown as string[], { message: 'Motif inconnu.' })
  purpose?: ThreadPurpose;

  @IsOptional() @IsIn(THREAD_STATES as unknown as string[], { message: 'État inconnu.' })
  state?: ThreadState;

  /** An account id, or "none" for unassigned threads. */
  @IsOptional() @Matches(/^(none|[0-9a-f-]{36})$/i, { message: 'Personne assignée invalide.' })
  assignedTo?: string;

  @IsOptional() @IsString({ message: 'Recherche invalide.' }) @MaxLength(100, { message: 'Recherche trop longue.' })
  q?: string;

  @IsOptional() @IsIn(['true', 'false'], { message: 'Valeur attendue : true ou false.' })
  archived?: 'true' | 'false';
}

/** PUT /api/messaging/practice/settings */
export class UpdateMessagingSettingsRequest {
  /** null: no limit. */
  @IsOptional() @IsInt({ message: 'Limite hebdomadaire invalide.' }) @Min(1, { message: 'Au moins 1 conversation par semaine.' }) @Max(50, { message: '50 conversations par semaine au plus.' })
  weeklyThreadLimit?: number | null;

  @IsOptional() @IsInt({ message: 'Délai de réponse invalide.' }) @Min(1, { message: 'Délai de réponse : 1 jour au moins.' }) @Max(30, { message: 'Délai de réponse : 30 jours au plus.' })
  answerDelayDays?: number;
}

/** PUT /api/messaging/practitioners/:id/enabled */
export class EnableMessagingRequest {
  @IsBoolean({ message: 'Valeur attendue : vrai ou faux.' })
  enabled!: boolean;
}

import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import {
  BIRTH_DATE_MESSAGE,
  BirthPlaceDto,
  emptyAsUndefined,
  FRENCH_PHONE_MESSAGE,
  FRENCH_PHONE_PATTERN,
  IsBirthDate,
  PERSON_NAME_PATTERN,
  personNameMessage,
  trimmed,
} from './identity-fields';

export const PATIENT_SEXES = ['F', 'M', 'U'] as const;
export type PatientSex = (typeof PATIENT_SEXES)[number];

/**
 * PUT /api/patients/me — a patient records their own identity, as on their
 * identity document (INS rules: birth name and all first names). Self-declared
 * identities are provisional; once the practice has validated it, only the
 * used names and the phone stay editable by the patient.
 */
export class OwnPatientIdentityRequest {
  @Transform(trimmed)
  @IsString({ message: 'Nom de naissance requis.' })
  @Length(1, 100, { message: 'Nom de naissance requis (100 caractères au plus).' })
  @Matches(PERSON_NAME_PATTERN, { message: personNameMessage('Nom de naissance') })
  birthName!: string;

  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  @Length(1, 100, { message: 'Nom utilisé de 100 caractères au plus.' })
  @Matches(PERSON_NAME_PATTERN, { message: personNameMessage('Nom utilisé') })
  usedName?: string;

  @Transform(trimmed)
  @IsString({ message: 'Prénoms requis.' })
  @Length(1, 150, { message: 'Prénoms requis (150 caractères au plus).' })
  @Matches(PERSON_NAME_PATTERN, { message: personNameMessage('Prénoms') })
  firstNames!: string;

  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  @Length(1, 100, { message: 'Prénom usuel de 100 caractères au plus.' })
  @Matches(PERSON_NAME_PATTERN, { message: personNameMessage('Prénom usuel') })
  usedFirstName?: string;

  @IsBirthDate({ message: BIRTH_DATE_MESSAGE })
  birthDate!: string;

  @IsIn(PATIENT_SEXES, { message: 'Sexe : féminin, masculin ou indéterminé.' })
  sex!: PatientSex;

  @IsDefined({ message: 'Lieu de naissance requis.' })
  @ValidateNested()
  @Type(() => BirthPlaceDto)
  birthPlace!: BirthPlaceDto;

  @IsOptional()
  @Transform(emptyAsUndefined)
  @Matches(FRENCH_PHONE_PATTERN, { message: FRENCH_PHONE_MESSAGE })
  phone?: string;
}

// The building blocks of a patient identity (INS-shaped), shared by every form
// that records one: the regulator's booking funnel, the patient's own identity.
import 'reflect-metadata';
import { Transform } from 'class-transformer';
import { IsBoolean, Matches, registerDecorator, ValidateIf, ValidationOptions } from 'class-validator';

export const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const emptyAsUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value;

/** Letters (any alphabet), spaces, hyphens and apostrophes, starting with a letter. */
export const PERSON_NAME_PATTERN = /^[\p{L}][\p{L}' -]*$/u;
export const personNameMessage = (what: string) => `${what} : lettres, espaces, tirets et apostrophes uniquement.`;

/**
 * A French phone number as people type it: 10 digits starting with 0 (not
 * 00), or +33 / 0033 followed by 9 digits; spaces, dots and dashes allowed
 * between pairs. Overseas numbers use their +262/+590/+594/+596 prefixes.
 */
export const FRENCH_PHONE_PATTERN = /^(?:0[1-9]|(?:\+|00)(?:33|262|590|594|596)[\s.-]?[1-9])(?:[\s.-]?\d{2}){4}$/;
export const FRENCH_PHONE_MESSAGE = 'Numéro de téléphone invalide : 10 chiffres commençant par 0 (par exemple 06 45 37 26 53) ou +33.';

/** "0645372653" from "06 45 37 26 53", "+33 6 45 37 26 53", "0033645372653". */
export function normalizeFrenchPhone(phone: string): string {
  const digits = phone.replace(/[\s.-]/g, '');
  const international = /^(?:\+|00)33(\d{9})$/.exec(digits);
  return international ? `0${international[1]}` : digits.replace(/^00/, '+');
}

/** A real calendar date (YYYY-MM-DD), not after today (Paris) and not before 1900. */
export function isPastBirthDate(value: unknown, today: Date = new Date()): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return false;
  const parisToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(today);
  return value >= '1900-01-01' && value <= parisToday;
}

export const BIRTH_DATE_MESSAGE = 'Date de naissance invalide : une date réelle, passée, au format AAAA-MM-JJ.';

export function IsBirthDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({ name: 'isBirthDate', target: target.constructor, propertyName, options, validator: { validate: (value: unknown) => isPastBirthDate(value) } });
}

/** Lieu de naissance: a commune (INSEE code) when born in France, a country (INSEE 99xxx) otherwise. */
export class BirthPlaceDto {
  @IsBoolean({ message: 'Indiquez si le patient est né en France.' })
  bornInFrance!: boolean;

  @ValidateIf((o: BirthPlaceDto) => o.bornInFrance === true)
  @Transform(trimmed)
  @Matches(/^(\d{5}|2[AB]\d{3})$/i, { message: 'Commune de naissance : code INSEE à 5 caractères attendu (par exemple 69123).' })
  communeInsee?: string;

  @ValidateIf((o: BirthPlaceDto) => o.bornInFrance === false)
  @Transform(trimmed)
  @Matches(/^99\d{3}$/, { message: 'Pays de naissance : code INSEE à 5 chiffres commençant par 99 attendu (par exemple 99134).' })
  countryInsee?: string;
}

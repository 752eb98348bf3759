import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@passerelle/shared/contracts';

/** ~49,000 most common passwords (zxcvbn-ts), plus French and product-specific ones. */
const COMMON = new Set<string>([
  ...(dictionary['passwords-common'] as string[]),
  'motdepasse', 'azerty', 'azertyuiop', 'soleil', 'bonjour', 'doudou', 'chouchou', 'marseille', 'loulou',
  'passerelle', 'doctolib', 'medecin', 'docteur', 'sante', 'ordonnance',
]);

/**
 * Returns the French reasons a password is refused (empty when accepted):
 * CNIL 2022 length (12+), not a common password, even dressed up with a few
 * digits or symbols ("Password2024!"), and not built on the user's e-mail or name.
 */
export function passwordProblems(password: string, context: { email?: string; names?: string[] } = {}): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) {
    problems.push(`Le mot de passe doit comporter au moins ${PASSWORD_MIN_LENGTH} caractères.`);
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    problems.push(`Le mot de passe ne doit pas dépasser ${PASSWORD_MAX_LENGTH} caractères.`);
  }
  const lower = password.toLowerCase();
  const core = lower.replace(/[^a-zà-ÿ]/g, '');
  const decoration = lower.length - core.length;
  if (COMMON.has(lower) || (core.length >= 4 && COMMON.has(core) && decoration <= 6) || /^(.)\1+$/.test(lower)) {
    problems.push('Ce mot de passe est trop courant : choisissez-en un autre, par exemple une phrase de plusieurs mots.');
  }
  const personal = [context.email?.split('@')[0], ...(context.names ?? [])].filter((v): v is string => !!v && v.length >= 4).map((v) => v.toLowerCase());
  if (personal.some((p) => lower.includes(p))) {
    problems.push('Le mot de passe ne doit pas contenir votre nom ni votre adresse e-mail.');
  }
  return problems;
}

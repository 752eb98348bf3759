import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

const TOTP_CODE = /^\d{6}$/;
/** Same shape as the API's MfaCodeRequest: xxxxx-xxxxx, letters and digits 2-9. */
const RECOVERY_CODE = /^[a-z2-9]{5}-[a-z2-9]{5}$/i;

/** Authenticator apps show "123 456": the spaces are not part of the code. */
export function normalizeTotpCode(value: string): string {
  return value.replace(/\s/g, '');
}

export function normalizeRecoveryCode(value: string): string {
  return value.trim();
}

export const totpCodeValidator: ValidatorFn = (
  control: AbstractControl<string>,
): ValidationErrors | null => {
  const code = normalizeTotpCode(control.value ?? '');
  return code === '' || TOTP_CODE.test(code) ? null : { totpCode: true };
};

export const recoveryCodeValidator: ValidatorFn = (
  control: AbstractControl<string>,
): ValidationErrors | null => {
  const code = normalizeRecoveryCode(control.value ?? '');
  return code === '' || RECOVERY_CODE.test(code)
    ? null
    : { recoveryCode: true };
};

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": easier to copy by hand. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? '';
}

/** Either kind, where both are accepted (password reset): "123 456" or "abcde-23456". */
export function normalizeSecondFactorCode(value: string): string {
  const trimmed = value.trim();
  return /^[\d\s]+$/.test(trimmed) ? normalizeTotpCode(trimmed) : normalizeRecoveryCode(trimmed);
}

export const secondFactorCodeValidator: ValidatorFn = (
  control: AbstractControl<string>,
): ValidationErrors | null => {
  const code = normalizeSecondFactorCode(control.value ?? '');
  return code === '' || TOTP_CODE.test(code) || RECOVERY_CODE.test(code)
    ? null
    : { secondFactorCode: true };
};

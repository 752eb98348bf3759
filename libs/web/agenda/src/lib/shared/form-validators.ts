import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import { timeToMinutes } from '@passerelle/web/ui';
import { asMobileNumber } from './agenda-labels';

/** "HH:MM" as an <input type="time"> gives it. */
export const timeOfDay: ValidatorFn = (control: AbstractControl): ValidationErrors | null =>
  control.value === '' || control.value === null || timeToMinutes(String(control.value)) !== null ? null : { time: true };

/** On a group: its `end` time must follow its `start` time (errors under `order`). */
export function endAfterStart(start: string, end: string): ValidatorFn {
  return (group: AbstractControl): ValidationErrors | null => {
    const from = timeToMinutes(String(group.get(start)?.value ?? ''));
    const to = timeToMinutes(String(group.get(end)?.value ?? ''));
    return from !== null && to !== null && to <= from ? { order: true } : null;
  };
}

/** On a group of checkboxes: at least one ticked. */
export const atLeastOneChecked: ValidatorFn = (group: AbstractControl): ValidationErrors | null => {
  const values = Object.values((group.value ?? {}) as Record<string, unknown>);
  return values.some((v) => v === true) ? null : { required: true };
};

/** A French mobile number, required only when the sibling `consultationType` is a video consultation. */
export const mobileWhenVideo: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  if (control.parent?.get('consultationType')?.value !== 'VIDEO') {
    return null;
  }
  if (!String(control.value).trim()) {
    return { required: true };
  }
  return asMobileNumber(String(control.value)) ? null : { mobile: true };
};

import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import { timeToMinutes } from '@passerelle/web/ui';

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

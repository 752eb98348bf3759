import { ApiErrorBody } from '@passerelle/shared/contracts';

/** "Réessayez dans 5 minutes": the API often states the wait itself. */
const STATES_A_WAIT = /r[ée]essa\w* dans \d/i;

/** The API's French message, plus how long to wait when it said so (429, locked account) and the message does not. */
export function apiErrorMessage(error: ApiErrorBody): string {
  if (
    error.retryAfterSeconds &&
    error.retryAfterSeconds > 0 &&
    !STATES_A_WAIT.test(error.message)
  ) {
    return `${error.message} Vous pourrez réessayer dans ${formatWait(error.retryAfterSeconds)}.`;
  }
  return error.message;
}

/** "45 secondes", "2 minutes", "1 heure et 5 minutes": rounded up, never "0 minute". */
export function formatWait(seconds: number): string {
  if (seconds < 60) {
    return plural(Math.ceil(seconds), 'seconde');
  }
  const totalMinutes = Math.ceil(seconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) {
    return plural(minutes, 'minute');
  }
  return minutes === 0
    ? plural(hours, 'heure')
    : `${plural(hours, 'heure')} et ${plural(minutes, 'minute')}`;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count > 1 ? 's' : ''}`;
}

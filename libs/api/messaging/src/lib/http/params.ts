import { ParseUUIDPipe } from '@nestjs/common';
import { ValidationFailed } from '@passerelle/api/platform';

/** A path id that must be a UUID, refused in French. */
export const uuid = (what: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => new ValidationFailed(`Identifiant de ${what} invalide.`, { id: [`Identifiant de ${what} invalide.`] }) });

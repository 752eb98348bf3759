import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidationFailed } from '../errors/domain-errors';

function collect(errors: ValidationError[], prefix = '', into: Record<string, string[]> = {}): Record<string, string[]> {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      into[path] = Object.entries(error.constraints).map(([rule, message]) =>
        rule === 'whitelistValidation' ? 'Champ inconnu : retirez-le de la requête.' : message,
      );
    }
    if (error.children?.length) {
      collect(error.children, path, into);
    }
  }
  return into;
}

/**
 * Validates every body and query at the edge with the shared contract
 * classes: unknown fields and wrong types are refused, with a French message
 * per field.
 */
export function contractValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => {
      const fields = collect(errors);
      const count = Object.keys(fields).length;
      return new ValidationFailed(count === 1 ? Object.values(fields)[0][0] : `${count} champs sont à corriger.`, fields);
    },
  });
}

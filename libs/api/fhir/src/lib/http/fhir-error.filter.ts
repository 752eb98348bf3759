import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { errorBody } from '@passerelle/api/platform';
import { FHIR_JSON } from '../fhir-vocabulary';
import { operationOutcomeOf } from './operation-outcome';

/** Errors of the FHIR interface: the one error mapping (errorBody), answered as an OperationOutcome. */
@Catch()
export class FhirErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('FhirError');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = errorBody(error);
    if (body.statusCode >= 500) {
      this.logger.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }, 'unhandled FHIR error');
    }
    if (body.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(body.retryAfterSeconds));
    if (!response.headersSent) {
      response.status(body.statusCode).type(FHIR_JSON).send(JSON.stringify(operationOutcomeOf(body)));
    }
  }
}

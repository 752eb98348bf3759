import express from 'express';
import { errorBody } from '@passerelle/api/platform';
import { FHIR_JSON } from '../fhir-vocabulary';
import { operationOutcomeOf } from './operation-outcome';

const parseFhirJson = express.json({ type: ['application/fhir+json', 'application/json+fhir'], limit: '100kb' });

/**
 * FHIR bodies (`application/fhir+json`, `application/json+fhir`; plain JSON
 * is parsed by the app already). A malformed body is answered here, as an
 * OperationOutcome, because no route filter runs for middleware.
 */
export function fhirBodyParser(request: express.Request, response: express.Response, next: express.NextFunction): void {
  parseFhirJson(request, response, (error?: unknown) => {
    if (!error) return next();
    const body = errorBody(error);
    response.status(body.statusCode).type(FHIR_JSON).send(JSON.stringify(operationOutcomeOf(body)));
  });
}

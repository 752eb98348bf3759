import type { ApiErrorBody } from '@passerelle/shared/contracts';

const ISSUE_CODES: Record<number, string> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  409: 'duplicate',
  412: 'conflict',
  413: 'too-costly',
  415: 'not-supported',
  422: 'business-rule',
  429: 'throttled',
};

/** The API's error body as a FHIR OperationOutcome (same status, same French message). */
export function operationOutcomeOf(body: Pick<ApiErrorBody, 'statusCode' | 'message' | 'fields'>): Record<string, unknown> {
  const fieldIssues = Object.entries(body.fields ?? {}).flatMap(([field, messages]) =>
    messages.map((m) => ({ severity: 'error', code: 'invalid', diagnostics: m, expression: [field] })),
  );
  return {
    resourceType: 'OperationOutcome',
    issue: [
      { severity: body.statusCode >= 500 ? 'fatal' : 'error', code: ISSUE_CODES[body.statusCode] ?? (body.statusCode >= 500 ? 'exception' : 'processing'), diagnostics: body.message, details: { text: body.message } },
      ...fieldIssues,
    ],
  };
}

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { API_ERROR_CODES, ApiErrorBody } from '@passerelle/shared/contracts';
import { DomainError, SlotTaken, TooManyRequests } from '../errors/domain-errors';

/** French messages for the HTTP errors the framework itself raises. */
const FRAMEWORK_MESSAGES: Record<number, { code: ApiErrorBody['code']; message: string }> = {
  400: { code: API_ERROR_CODES.validation, message: 'Requête invalide.' },
  401: { code: API_ERROR_CODES.unauthenticated, message: 'Veuillez vous connecter.' },
  403: { code: API_ERROR_CODES.forbidden, message: "Vous n'avez pas accès à cette ressource." },
  404: { code: API_ERROR_CODES.notFound, message: 'Ressource introuvable.' },
  413: { code: API_ERROR_CODES.payloadTooLarge, message: 'La requête est trop volumineuse.' },
  415: { code: API_ERROR_CODES.validation, message: 'Format de requête non pris en charge : envoyez du JSON.' },
  429: { code: API_ERROR_CODES.tooManyRequests, message: 'Trop de requêtes. Réessayez dans un instant.' },
};

/**
 * The one place where errors become HTTP answers: domain errors keep their
 * status, code and French message; body-parser errors (malformed JSON,
 * oversized body) and unknown errors are translated; a 5xx never leaks
 * internals and is logged without request bodies.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') {
      throw error;
    }
    const response = host.switchToHttp().getResponse<Response>();
    const body = errorBody(error);
    if (body.statusCode >= 500) {
      this.logger.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }, 'unhandled error');
    }
    if (body.retryAfterSeconds !== undefined) {
      response.setHeader('Retry-After', String(body.retryAfterSeconds));
    }
    if (!response.headersSent) {
      response.status(body.statusCode).json(body);
    }
  }
}

/** Maps any error to the API's error body (also used for body-parser errors, see apps/api http-server.ts). */
export function errorBody(error: unknown): ApiErrorBody {
  if (error instanceof DomainError) {
    return {
      statusCode: error.status,
      code: error.code,
      message: error.message,
      ...(error.fields ? { fields: error.fields } : {}),
      ...(error instanceof TooManyRequests ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
      ...(error instanceof SlotTaken ? { alternatives: error.alternatives } : {}),
    };
  }
  // body-parser's errors carry `type` and `status`.
  const parserError = error as { type?: string; status?: number };
  if (parserError?.type === 'entity.parse.failed') {
    return { statusCode: 400, code: API_ERROR_CODES.malformedJson, message: 'Le corps de la requête n’est pas un JSON valide.' };
  }
  if (parserError?.type === 'entity.too.large') {
    return { statusCode: 413, ...FRAMEWORK_MESSAGES[413] };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const known = FRAMEWORK_MESSAGES[status];
    if (status < 500) {
      return { statusCode: status, code: known?.code ?? API_ERROR_CODES.validation, message: known?.message ?? 'Requête refusée.' };
    }
  }
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: API_ERROR_CODES.internal, message: 'Une erreur interne est survenue. Réessayez plus tard.' };
}

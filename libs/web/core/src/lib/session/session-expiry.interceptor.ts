import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { API_ERROR_CODES, AUTH_ROUTES } from '@passerelle/shared/contracts';
import { catchError, throwError } from 'rxjs';
import { hasApiErrorCode } from '../errors/api-error';
import { WEB_ROUTES } from '../navigation/web-routes';
import { SessionStore } from './session-store';

/** A 401 on these is expected and handled by the caller, not an expiry. */
const NOT_AN_EXPIRY: readonly string[] = [
  AUTH_ROUTES.session,
  AUTH_ROUTES.logout,
];

/**
 * When the API says the session is gone while the app still thinks it has one,
 * forget it and send the person to the login with an explanation. The error
 * still reaches the caller.
 */
export const sessionExpiryInterceptor: HttpInterceptorFn = (request, next) => {
  const store = inject(SessionStore);
  const router = inject(Router);
  return next(request).pipe(
    catchError((error: unknown) => {
      if (
        error instanceof HttpErrorResponse &&
        error.status === 401 &&
        hasApiErrorCode(error, API_ERROR_CODES.unauthenticated) &&
        !NOT_AN_EXPIRY.includes(request.url) &&
        store.session()
      ) {
        store.expire();
        void router.navigateByUrl(WEB_ROUTES.login);
      }
      return throwError(() => error);
    }),
  );
};

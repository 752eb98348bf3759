import { inject } from '@angular/core';
import { CanActivateFn, RedirectFunction, Router } from '@angular/router';
import { Role, ROLES, SessionStage } from '@passerelle/shared/contracts';
import { WEB_ROUTES } from '../navigation/web-routes';
import { SessionStore } from './session-store';

/**
 * Lets through a fully signed-in account holding one of these roles. A visitor
 * goes to the login, a half-finished login to its next step, any other role
 * to the "Accès refusé" page. The API checks again: this only spares a
 * useless screen.
 */
export function roleGuard(...roles: Role[]): CanActivateFn {
  return (_route, state) => {
    const store = inject(SessionStore);
    const router = inject(Router);
    const session = store.session();
    if (!session) {
      store.rememberReturnUrl(state.url);
      return router.parseUrl(WEB_ROUTES.login);
    }
    if (session.stage !== 'authenticated') {
      return router.parseUrl(store.nextUrl(session));
    }
    return roles.includes(session.account.role)
      ? true
      : router.parseUrl(WEB_ROUTES.accessDenied);
  };
}

/** Any signed-in account, whatever its role. */
export const authenticatedGuard: CanActivateFn = roleGuard(...ROLES);

/** Login and registration pages: a signed-in account goes to its home instead. */
export const anonymousGuard: CanActivateFn = () => {
  const store = inject(SessionStore);
  return store.isAuthenticated() ? inject(Router).parseUrl(store.home()) : true;
};

/** The login's intermediate steps, only at the matching stage. */
export function sessionStageGuard(...stages: SessionStage[]): CanActivateFn {
  return () => {
    const store = inject(SessionStore);
    const stage = store.stage();
    if (stage && stages.includes(stage)) {
      return true;
    }
    return inject(Router).parseUrl(store.home());
  };
}

/** "/" leads to the account's home, or to the login. */
export const homeRedirect: RedirectFunction = () => inject(SessionStore).home();

import { inject, Injector } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { SessionStore } from '@passerelle/web/core';
import { MESSAGING_PAGES } from '../messaging-paths';

/**
 * Messaging pages need the unlocked keys. Right after login the password is
 * still in memory (LoginSecret): the keys are unlocked, or created on first
 * use, with it. Otherwise (page reloaded) the unlock page asks for it.
 *
 * The keyring (and OpenPGP with it) is loaded on the first messaging page,
 * not with the app: most visits never need it.
 */
export const messagingKeysGuard: CanActivateFn = async (_route, state) => {
  const injector = inject(Injector);
  const router = inject(Router);
  const account = inject(SessionStore).account();
  const keyring = injector.get((await import('./messaging-keyring')).MessagingKeyring);
  const unlockPage = router.createUrlTree([MESSAGING_PAGES.unlock], { queryParams: { retour: state.url } });
  if (!account) return false;
  if (!(await keyring.unlockWithLoginSecret(account))) return unlockPage;
  // A key created just now: the patient sees the recovery kit first, once.
  if (keyring.recoverySecret() && state.url !== MESSAGING_PAGES.recoveryKit) {
    return router.createUrlTree([MESSAGING_PAGES.recoveryKit], { queryParams: { retour: state.url } });
  }
  return true;
};

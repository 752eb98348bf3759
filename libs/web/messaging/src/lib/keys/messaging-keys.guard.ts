import { inject, Injector } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { SessionStore } from '@passerelle/web/core';
import { MESSAGING_PAGES } from '../messaging-paths';

/**
 * Messaging pages need the unlocked keys. Right after login the password is
 * still in memory (LoginSecret): the keys are unlocked, or created on first
 * use, with it. Otherwise (page reloaded) the unlock page asks for it.
 * After a password reset, the recovery page restores or replaces the key.
 *
 * The keyring (and OpenPGP with it) is loaded on the first messaging page,
 * not with the app: most visits never need it.
 */
export const messagingKeysGuard: CanActivateFn = async (_route, state) => {
  const injector = inject(Injector);
  const router = inject(Router);
  const account = inject(SessionStore).account();
  const { MessagingKeyring, KeyRecoveryNeeded } = await import('./messaging-keyring');
  const keyring = injector.get(MessagingKeyring);
  const unlockPage = router.createUrlTree([MESSAGING_PAGES.unlock], { queryParams: { retour: state.url } });
  const recoveryPage = router.createUrlTree([MESSAGING_PAGES.keyRecovery], { queryParams: { retour: state.url } });
  if (!account) return false;
  if (!keyring.unlocked) {
    if (keyring.recoveryNeeded()) return recoveryPage;
    try {
      if (!(await keyring.unlockWithLoginSecret(account))) return unlockPage;
    } catch (error) {
      return error instanceof KeyRecoveryNeeded ? recoveryPage : unlockPage;
    }
  }
  // A key created just now: the patient sees the recovery kit first, once.
  if (keyring.recoverySecret() && state.url !== MESSAGING_PAGES.recoveryKit) {
    return router.createUrlTree([MESSAGING_PAGES.recoveryKit], { queryParams: { retour: state.url } });
  }
  return true;
};

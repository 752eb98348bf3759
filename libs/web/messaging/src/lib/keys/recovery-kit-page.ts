import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Router } from '@angular/router';
import { MESSAGING_PAGES } from '../messaging-paths';
import { MessagingKeyring } from './messaging-keyring';
import { safeReturn } from './safe-return';

/** Shown once, right after the patient's key was created: the only way back in after a forgotten password. */
@Component({
  selector: 'app-recovery-kit-page',
  templateUrl: './recovery-kit-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecoveryKitPage {
  private readonly keyring = inject(MessagingKeyring);
  private readonly router = inject(Router);

  protected readonly secret = this.keyring.recoverySecret;

  protected print(): void {
    window.print();
  }

  protected async kept(): Promise<void> {
    this.keyring.forgetRecoverySecret();
    const back = safeReturn(this.router.parseUrl(this.router.url).queryParams['retour']);
    await this.router.navigateByUrl(back && back !== MESSAGING_PAGES.recoveryKit ? back : MESSAGING_PAGES.patientThreads);
  }
}

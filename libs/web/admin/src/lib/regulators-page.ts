import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RegulatorView } from '@passerelle/shared/contracts';
import { toApiError } from '@passerelle/web/core';
import { apiErrorMessage, FieldErrorMessages, FormFeedback } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { AdminApi } from './admin-api';

const MESSAGES: FieldErrorMessages = {
  givenName: { required: 'Saisissez le prénom.', maxlength: 'Prénom trop long (100 caractères au plus).' },
  familyName: { required: 'Saisissez le nom.', maxlength: 'Nom trop long (100 caractères au plus).' },
  email: { required: 'Saisissez l’adresse e-mail.', email: 'Adresse e-mail invalide (exemple : nom@domaine.fr).', maxlength: 'Adresse e-mail trop longue.' },
  rpps: { pattern: 'Numéro RPPS invalide (11 chiffres).' },
};

const STATUS_LABELS: Record<RegulatorView['accountStatus'], string> = { INVITED: 'Invitation envoyée', ACTIVE: 'Actif', DISABLED: 'Désactivé' };

/** SAS regulator accounts: create (a one-time link is e-mailed), list, deactivate at once. */
@Component({
  selector: 'app-regulators-page',
  imports: [ReactiveFormsModule],
  templateUrl: './regulators-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RegulatorsPage implements OnInit {
  private readonly api = inject(AdminApi);
  protected readonly regulators = signal<RegulatorView[]>([]);
  protected readonly listError = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    givenName: ['', [Validators.required, Validators.maxLength(100)]],
    familyName: ['', [Validators.required, Validators.maxLength(100)]],
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    rpps: ['', [Validators.pattern(/^\s*8?\d{11}\s*$/)]],
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);

  ngOnInit(): Promise<void> {
    return this.load();
  }

  protected async create(): Promise<void> {
    this.notice.set(null);
    if (!this.feedback.start()) return;
    const { givenName, familyName, email, rpps } = this.form.getRawValue();
    try {
      const created = await firstValueFrom(this.api.createRegulator({ givenName: givenName.trim(), familyName: familyName.trim(), email: email.trim(), ...(rpps.trim() ? { rpps: rpps.trim() } : {}) }));
      this.feedback.done();
      this.form.reset();
      this.notice.set(`Compte créé pour ${created.givenName} ${created.familyName} : le lien d’activation (valable 72 heures) a été envoyé à ${created.email}.`);
      await this.load();
    } catch (error) {
      this.feedback.fail(toApiError(error));
    }
  }

  protected async deactivate(regulator: RegulatorView): Promise<void> {
    if (!confirm(`Désactiver le compte de ${regulator.givenName} ${regulator.familyName} ? Ses sessions ouvertes prennent fin immédiatement.`)) return;
    this.busy.set(regulator.id);
    this.notice.set(null);
    try {
      await firstValueFrom(this.api.deactivateRegulator(regulator.id));
      this.notice.set(`Le compte de ${regulator.givenName} ${regulator.familyName} est désactivé.`);
      await this.load();
    } catch (error) {
      this.listError.set(apiErrorMessage(toApiError(error)));
    } finally {
      this.busy.set(null);
    }
  }

  protected async resend(regulator: RegulatorView): Promise<void> {
    this.busy.set(regulator.id);
    this.notice.set(null);
    try {
      await firstValueFrom(this.api.resendInvitation(regulator.id));
      this.notice.set(`Un nouveau lien d’activation a été envoyé à ${regulator.email} ; le précédent ne fonctionne plus.`);
    } catch (error) {
      this.listError.set(apiErrorMessage(toApiError(error)));
    } finally {
      this.busy.set(null);
    }
  }

  private async load(): Promise<void> {
    try {
      this.regulators.set(await firstValueFrom(this.api.regulators()));
      this.listError.set(null);
    } catch (error) {
      this.listError.set(apiErrorMessage(toApiError(error)));
    }
  }
}

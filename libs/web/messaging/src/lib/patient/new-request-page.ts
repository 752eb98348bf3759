import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { MESSAGING_EMERGENCY_NOTICE, MessagingPractitionerView, THREAD_PURPOSE_LABELS, THREAD_PURPOSES, ThreadPurpose } from '@passerelle/shared/contracts';
import { toApiError } from '@passerelle/web/core';
import { apiErrorMessage, FieldControl, FormFeedback, FormField } from '@passerelle/web/ui';
import { MessagingKeyring } from '../keys/messaging-keyring';
import { MessagingApi } from '../messaging-api';
import { MESSAGING_PAGES } from '../messaging-paths';
import { checkFile, CheckedFile } from '../thread/file-check';
import { MessageCrypto } from '../thread/message-crypto';
import { answerDelayLabel, parseMedicines, weeklyLimitLabel } from '../thread/thread-labels';

/**
 * A new thread to one of my practitioners (renewal request by default): the
 * emergency notice first, the medicines, an optional photo or PDF of the
 * prescription checked by its content, then all encrypted in the browser.
 */
@Component({
  selector: 'app-new-request-page',
  imports: [ReactiveFormsModule, FormField, FieldControl],
  templateUrl: './new-request-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NewRequestPage implements OnInit {
  private readonly api = inject(MessagingApi);
  private readonly crypto = inject(MessageCrypto);
  private readonly keyring = inject(MessagingKeyring);
  private readonly router = inject(Router);
  private readonly practitionerId = inject(ActivatedRoute).snapshot.paramMap.get('practitionerId') ?? '';

  protected readonly notice = MESSAGING_EMERGENCY_NOTICE;
  protected readonly delayLabel = answerDelayLabel;
  protected readonly limitLabel = weeklyLimitLabel;
  protected readonly purposes = THREAD_PURPOSES.map((value) => ({ value, label: THREAD_PURPOSE_LABELS[value] }));
  protected readonly practitioner = signal<MessagingPractitionerView | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly progress = signal<number | null>(null);
  protected readonly fileError = signal<string | null>(null);
  private checked: CheckedFile | null = null;

  protected readonly form = inject(FormBuilder).nonNullable.group({
    understood: [false, Validators.requiredTrue],
    purpose: ['RENEWAL' as ThreadPurpose, Validators.required],
    medicines: ['', Validators.maxLength(2000)],
    text: ['', [Validators.required, Validators.maxLength(5000)]],
  });
  protected readonly feedback = new FormFeedback(this.form, {
    understood: { required: 'Confirmez avoir lu ce message avant d’écrire.' },
    purpose: { required: 'Choisissez l’objet de votre demande.' },
    medicines: { required: 'Indiquez au moins un médicament à renouveler.', maxlength: 'Liste trop longue.' },
    text: { required: 'Saisissez votre message.', maxlength: 'Message trop long (5 000 caractères au plus).' },
  });

  async ngOnInit(): Promise<void> {
    try {
      const mine = await this.api.myPractitioners();
      const practitioner = mine.find((p) => p.practitionerId === this.practitionerId) ?? null;
      if (!practitioner) this.loadError.set('Ce praticien ne fait pas partie de vos praticiens.');
      else if (!practitioner.canOpenThread || !practitioner.publicKeys) this.loadError.set(practitioner.refusal ?? 'Ce praticien ne peut pas encore recevoir de messages.');
      this.practitioner.set(practitioner);
    } catch (error) {
      this.loadError.set(apiErrorMessage(toApiError(error)));
    }
  }

  protected async pickFile(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    this.checked = null;
    this.fileError.set(null);
    if (!file) return;
    try {
      this.checked = await checkFile(file);
    } catch (error) {
      this.fileError.set((error as Error).message);
      (event.target as HTMLInputElement).value = '';
    }
  }

  protected async submit(): Promise<void> {
    const value = this.form.getRawValue();
    const medicines = parseMedicines(value.medicines);
    if (value.purpose === 'RENEWAL' && medicines.length === 0) this.form.controls.medicines.setErrors({ required: true });
    const practitioner = this.practitioner();
    const own = this.keyring.key();
    if (!this.feedback.start() || !practitioner?.publicKeys || !own || this.fileError()) return;
    try {
      const keys = [own.publicKeyArmored, practitioner.publicKeys.practitioner, practitioner.publicKeys.practice];
      const body = { text: value.text.trim(), ...(value.purpose === 'RENEWAL' ? { medicines } : {}) };
      const thread = await this.api.openThread(practitioner.practitionerId, value.purpose, await this.crypto.encrypt(keys, body));
      if (this.checked) {
        this.progress.set(0);
        const encrypted = await this.crypto.encryptFile(keys, this.checked.content);
        const attachment = await this.api.upload(thread.id, this.checked.type, encrypted, (f) => this.progress.set(f));
        await this.api.send(thread.id, await this.crypto.encrypt(keys, { text: 'Pièce jointe : mon ordonnance.' }), [attachment.id]);
      }
      this.feedback.done();
      await this.router.navigate([MESSAGING_PAGES.patientThread, thread.id]);
    } catch (error) {
      this.feedback.fail(toApiError(error));
    } finally {
      this.progress.set(null);
    }
  }
}

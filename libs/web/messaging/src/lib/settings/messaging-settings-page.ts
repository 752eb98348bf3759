import { afterNextRender, ChangeDetectionStrategy, Component, computed, ElementRef, inject, Injector, OnInit, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { MessagingSettingsView } from '@passerelle/shared/contracts';
import { SessionStore, toApiError } from '@passerelle/web/core';
import { apiErrorMessage, FieldControl, FieldErrorMessages, FormFeedback, FormField } from '@passerelle/web/ui';
import { MessagingApi } from '../messaging-api';
import { MESSAGING_PAGES } from '../messaging-paths';

const MESSAGES: FieldErrorMessages = {
  weeklyThreadLimit: {
    required: 'Indiquez le nombre de nouvelles conversations par semaine.',
    min: 'Au moins 1 conversation par semaine.',
    max: '50 conversations par semaine au plus.',
    pattern: 'Nombre entier attendu.',
  },
  answerDelayDays: {
    required: 'Indiquez le délai de réponse habituel.',
    min: 'Délai de réponse : 1 jour au moins.',
    max: 'Délai de réponse : 30 jours au plus.',
    pattern: 'Nombre entier de jours attendu.',
  },
};

const WHOLE_NUMBER = /^\d+$/;

/**
 * "Paramètres du cabinet › Messagerie": the practitioner switches their own
 * messaging on or off; every member sets the weekly limit of new threads per
 * patient and the usual answer delay shown to patients (the API lets
 * secretaries change those, not a practitioner's switch).
 */
@Component({
  selector: 'app-messaging-settings-page',
  imports: [ReactiveFormsModule, FormField, FieldControl, RouterLink],
  templateUrl: './messaging-settings-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessagingSettingsPage implements OnInit {
  private readonly api = inject(MessagingApi);
  private readonly session = inject(SessionStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly inbox = MESSAGING_PAGES.practiceInbox;
  protected readonly settings = signal<MessagingSettingsView | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly saved = signal<string | null>(null);
  /** The signed-in practitioner's own line, or null for a secretary. */
  protected readonly self = computed(() => this.settings()?.practitioners.find((p) => p.accountId === this.session.account()?.id) ?? null);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    enabled: [false],
    limited: [true],
    weeklyThreadLimit: ['3', [Validators.required, Validators.pattern(WHOLE_NUMBER), Validators.min(1), Validators.max(50)]],
    answerDelayDays: ['2', [Validators.required, Validators.pattern(WHOLE_NUMBER), Validators.min(1), Validators.max(30)]],
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);

  constructor() {
    // "Sans limite": the number is neither validated nor sent.
    this.form.controls.limited.valueChanges.subscribe((limited) => {
      const control = this.form.controls.weeklyThreadLimit;
      if (limited) control.enable({ emitEvent: false });
      else control.disable({ emitEvent: false });
    });
  }

  async ngOnInit(): Promise<void> {
    try {
      this.fill(await this.api.settings());
    } catch (error) {
      this.loadError.set(apiErrorMessage(toApiError(error)));
    }
  }

  protected async save(): Promise<void> {
    this.saved.set(null);
    if (!this.feedback.start()) return;
    const value = this.form.getRawValue();
    const self = this.self();
    try {
      await this.api.updateSettings({
        weeklyThreadLimit: value.limited ? Number(value.weeklyThreadLimit) : null,
        answerDelayDays: Number(value.answerDelayDays),
      });
      if (self && self.messagingEnabled !== value.enabled) await this.api.setEnabled(self.practitionerId, value.enabled);
      this.fill(await this.api.settings());
      this.feedback.done();
      this.saved.set('Réglages de la messagerie enregistrés.');
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#messaging-settings-saved')?.focus(), { injector: this.injector });
    } catch (error) {
      this.feedback.fail(toApiError(error));
    }
  }

  private fill(settings: MessagingSettingsView): void {
    this.settings.set(settings);
    const limited = settings.weeklyThreadLimit !== null;
    this.form.reset({
      enabled: settings.practitioners.find((p) => p.accountId === this.session.account()?.id)?.messagingEnabled ?? false,
      limited,
      weeklyThreadLimit: String(settings.weeklyThreadLimit ?? 3),
      answerDelayDays: String(settings.answerDelayDays),
    });
    if (limited) this.form.controls.weeklyThreadLimit.enable();
    else this.form.controls.weeklyThreadLimit.disable();
  }
}

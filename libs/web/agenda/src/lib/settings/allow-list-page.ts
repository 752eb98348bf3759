import { afterNextRender, ChangeDetectionStrategy, Component, ElementRef, inject, Injector, OnInit, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { toApiError, WEB_ROUTES } from '@passerelle/web/core';
import { apiErrorMessage, FieldErrorMessages, FormFeedback, FieldControl, FormField } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { AgendaApi } from '../agenda-api';

const MESSAGES: FieldErrorMessages = {
  email: { required: 'Saisissez l’adresse e-mail du patient.', email: 'Adresse e-mail invalide (exemple : nom@domaine.fr).' },
};

/** E-mail addresses allowed to book online when the practice restricts online booking to them. */
@Component({
  selector: 'app-allow-list-page',
  imports: [FormField, FieldControl, ReactiveFormsModule, RouterLink],
  templateUrl: './allow-list-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AllowListPage implements OnInit {
  private readonly api = inject(AgendaApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly settingsUrl = `${WEB_ROUTES.practiceSettings}/agenda`;
  protected readonly emails = signal<string[] | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly listError = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);

  ngOnInit(): void {
    void this.load();
  }

  protected async add(): Promise<void> {
    this.notice.set(null);
    if (!this.feedback.start()) {
      return;
    }
    const email = this.form.getRawValue().email.trim().toLowerCase();
    try {
      await firstValueFrom(this.api.allow(email));
      this.feedback.done();
      this.form.reset();
      this.emails.update((list) => [...new Set([...(list ?? []), email])].sort());
      this.notice.set(`${email} peut désormais prendre rendez-vous en ligne.`);
      this.focus('#allow-list-notice');
    } catch (error) {
      this.feedback.fail(toApiError(error));
    }
  }

  protected async remove(email: string): Promise<void> {
    this.busy.set(email);
    this.listError.set(null);
    this.notice.set(null);
    try {
      await firstValueFrom(this.api.disallow(email));
      this.emails.update((list) => (list ?? []).filter((e) => e !== email));
      this.notice.set(`${email} retirée de la liste.`);
      this.focus('#allow-list-notice');
    } catch (error) {
      this.listError.set(apiErrorMessage(toApiError(error)));
    } finally {
      this.busy.set(null);
    }
  }

  private async load(): Promise<void> {
    try {
      this.emails.set([...(await firstValueFrom(this.api.allowList()))].sort());
    } catch (error) {
      this.loadError.set(apiErrorMessage(toApiError(error)));
    }
  }

  private focus(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), { injector: this.injector });
  }
}

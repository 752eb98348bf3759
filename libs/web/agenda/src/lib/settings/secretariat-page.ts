import { afterNextRender, ChangeDetectionStrategy, Component, ElementRef, inject, Injector, OnInit, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { PracticeMemberView, ROLE_LABELS } from '@passerelle/shared/contracts';
import { toApiError } from '@passerelle/web/core';
import { apiErrorMessage, FieldErrorMessages, formatDayWithYear, FormFeedback, parisDayKey, FieldControl, FormField } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { AgendaApi } from '../agenda-api';
import { PracticeContext } from '../practice/practice-context';

const MESSAGES: FieldErrorMessages = {
  email: { required: 'Saisissez l’adresse e-mail de la secrétaire.', email: 'Adresse e-mail invalide (exemple : nom@domaine.fr).' },
};

/** The practice's team; a practitioner attaches or detaches secretaries. */
@Component({
  selector: 'app-secretariat-page',
  imports: [FormField, FieldControl, ReactiveFormsModule],
  templateUrl: './secretariat-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SecretariatPage implements OnInit {
  private readonly api = inject(AgendaApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  protected readonly context = inject(PracticeContext);

  protected readonly roleLabels = ROLE_LABELS;
  protected readonly notice = signal<string | null>(null);
  protected readonly listError = signal<string | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);

  ngOnInit(): void {
    void this.context.load(true);
  }

  protected since(member: PracticeMemberView): string {
    return formatDayWithYear(parisDayKey(member.since));
  }

  protected async attach(): Promise<void> {
    this.notice.set(null);
    if (!this.feedback.start()) {
      return;
    }
    try {
      const member = await firstValueFrom(this.api.attachSecretary(this.form.getRawValue().email.trim()));
      this.feedback.done();
      this.form.reset();
      await this.context.load(true);
      this.notice.set(`${member.displayName} est rattachée au secrétariat du cabinet.`);
      this.focus('#team-notice');
    } catch (error) {
      this.feedback.fail(toApiError(error));
    }
  }

  protected async detach(member: PracticeMemberView): Promise<void> {
    this.busy.set(member.accountId);
    this.listError.set(null);
    this.notice.set(null);
    try {
      await firstValueFrom(this.api.detachSecretary(member.accountId));
      await this.context.load(true);
      this.notice.set(`${member.displayName} n’a plus accès au cabinet.`);
      this.focus('#team-notice');
    } catch (error) {
      this.listError.set(apiErrorMessage(toApiError(error)));
    } finally {
      this.busy.set(null);
    }
  }

  private focus(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), { injector: this.injector });
  }
}

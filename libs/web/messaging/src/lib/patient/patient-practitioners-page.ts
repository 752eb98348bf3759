import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MessagingPractitionerView } from '@passerelle/shared/contracts';
import { toApiError } from '@passerelle/web/core';
import { apiErrorMessage } from '@passerelle/web/ui';
import { MessagingApi } from '../messaging-api';
import { MESSAGING_PAGES } from '../messaging-paths';
import { answerDelayLabel } from '../thread/thread-labels';

/** "Mes praticiens": who the patient may write to, and why not when they may not. */
@Component({
  selector: 'app-patient-practitioners-page',
  imports: [RouterLink],
  templateUrl: './patient-practitioners-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientPractitionersPage implements OnInit {
  private readonly api = inject(MessagingApi);

  protected readonly pages = MESSAGING_PAGES;
  protected readonly delayLabel = answerDelayLabel;
  protected readonly practitioners = signal<MessagingPractitionerView[] | null>(null);
  protected readonly error = signal<string | null>(null);

  async ngOnInit(): Promise<void> {
    try {
      this.practitioners.set(await this.api.myPractitioners());
    } catch (error) {
      this.error.set(apiErrorMessage(toApiError(error)));
    }
  }
}

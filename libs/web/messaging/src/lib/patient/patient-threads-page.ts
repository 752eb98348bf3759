import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { DatePipe } from '@angular/common';
import { RouterLink } from '@angular/router';
import { THREAD_PURPOSE_LABELS, ThreadSummaryView } from '@passerelle/shared/contracts';
import { SessionStore, toApiError } from '@passerelle/web/core';
import { apiErrorMessage } from '@passerelle/web/ui';
import { MessagingApi } from '../messaging-api';
import { MESSAGING_PAGES } from '../messaging-paths';
import { MessagingRealtime } from '../thread/messaging-realtime';
import { countUnread, THREAD_STATE_LABELS, upsertThread } from '../thread/thread-labels';

/** "Mes messages": the patient's threads, newest first, with unread counts kept live. */
@Component({
  selector: 'app-patient-threads-page',
  imports: [RouterLink, DatePipe],
  providers: [MessagingRealtime],
  templateUrl: './patient-threads-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientThreadsPage implements OnInit {
  private readonly api = inject(MessagingApi);
  private readonly realtime = inject(MessagingRealtime);
  private readonly session = inject(SessionStore);

  protected readonly pages = MESSAGING_PAGES;
  protected readonly purposes = THREAD_PURPOSE_LABELS;
  protected readonly states = THREAD_STATE_LABELS;
  protected readonly threads = signal<ThreadSummaryView[] | null>(null);
  protected readonly error = signal<string | null>(null);

  async ngOnInit(): Promise<void> {
    try {
      const threads = await this.api.threads();
      this.threads.set(threads);
      this.realtime.follow(Object.fromEntries(threads.map((t) => [t.id, t.lastSeq])), {
        onMessage: (message) => this.threads.update((list) => countUnread(list ?? [], message, this.session.account()?.id)),
        onThreadChanged: (thread) => this.threads.update((list) => upsertThread(list ?? [], thread)),
      });
    } catch (error) {
      this.error.set(apiErrorMessage(toApiError(error)));
    }
  }
}

import { afterNextRender, ChangeDetectionStrategy, Component, ElementRef, inject, Injector, OnInit, signal } from '@angular/core';
import { DatePipe } from '@angular/common';
import { ActivatedRoute, RouterLink, RouterLinkActive } from '@angular/router';
import { THREAD_PURPOSE_LABELS, ThreadSummaryView } from '@passerelle/shared/contracts';
import { SessionStore, toApiError } from '@passerelle/web/core';
import { apiErrorMessage } from '@passerelle/web/ui';
import { MessagingApi } from '../messaging-api';
import { MESSAGING_PAGES } from '../messaging-paths';
import { MessagingRealtime } from '../thread/messaging-realtime';
import { archiveNotice, countUnread, THREAD_STATE_LABELS, upsertThread } from '../thread/thread-labels';

/**
 * "Mes messages": the patient's threads, newest first, with unread counts kept
 * live; the same page lists the archived ones (route data `archived`). A
 * thread is archived or brought back from here; it is never deleted.
 */
@Component({
  selector: 'app-patient-threads-page',
  imports: [RouterLink, RouterLinkActive, DatePipe],
  providers: [MessagingRealtime],
  templateUrl: './patient-threads-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientThreadsPage implements OnInit {
  private readonly api = inject(MessagingApi);
  private readonly realtime = inject(MessagingRealtime);
  private readonly session = inject(SessionStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly archived = inject(ActivatedRoute).snapshot.data['archived'] === true;
  protected readonly pages = MESSAGING_PAGES;
  protected readonly purposes = THREAD_PURPOSE_LABELS;
  protected readonly states = THREAD_STATE_LABELS;
  protected readonly threads = signal<ThreadSummaryView[] | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly busy = signal<string | null>(null);

  async ngOnInit(): Promise<void> {
    try {
      const threads = await this.api.threads({ archived: this.archived ? 'true' : 'false' });
      this.threads.set(threads);
      this.realtime.follow(Object.fromEntries(threads.map((t) => [t.id, t.lastSeq])), {
        onMessage: (message) => this.threads.update((list) => countUnread(list ?? [], message, this.session.account()?.id)),
        // A new message brings an archived thread back (server side): it moves from one list to the other.
        onThreadChanged: (thread) =>
          this.threads.update((list) =>
            thread.archivedByPatient === this.archived ? upsertThread(list ?? [], thread, 1) : (list ?? []).filter((t) => t.id !== thread.id),
          ),
      });
    } catch (error) {
      this.error.set(apiErrorMessage(toApiError(error)));
    }
  }

  /** Archives (or brings back) one thread; the list loses it and the focus goes to the notice saying where it went. */
  protected async toggleArchive(thread: ThreadSummaryView): Promise<void> {
    this.busy.set(thread.id);
    this.notice.set(null);
    try {
      const updated = await this.api.archive(thread.id, !this.archived);
      this.threads.update((list) => (list ?? []).filter((t) => t.id !== updated.id));
      this.notice.set(archiveNotice(updated.archivedByPatient));
    } catch (error) {
      this.notice.set(apiErrorMessage(toApiError(error)));
    } finally {
      this.busy.set(null);
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#threads-notice')?.focus(), { injector: this.injector });
    }
  }
}

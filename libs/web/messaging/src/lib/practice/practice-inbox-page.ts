import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { PracticeMemberView, THREAD_PURPOSE_LABELS, THREAD_PURPOSES, THREAD_STATES, ThreadPurpose, ThreadState, ThreadSummaryView } from '@passerelle/shared/contracts';
import { SessionStore, toApiError, WEB_ROUTES } from '@passerelle/web/core';
import { apiErrorMessage } from '@passerelle/web/ui';
import { MessagingApi } from '../messaging-api';
import { MESSAGING_PAGES } from '../messaging-paths';
import { MessagingRealtime } from '../thread/messaging-realtime';
import { countUnread, THREAD_STATE_LABELS, upsertThread } from '../thread/thread-labels';
import { assignableMembers, assigneeText, memberLabel } from './assignees';

/**
 * The practice's shared inbox: filters by type, state, assignee (me, nobody
 * or any member); search by patient name; unread counts kept live.
 */
@Component({
  selector: 'app-practice-inbox-page',
  imports: [ReactiveFormsModule, RouterLink, DatePipe],
  providers: [MessagingRealtime],
  templateUrl: './practice-inbox-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PracticeInboxPage implements OnInit {
  private readonly api = inject(MessagingApi);
  private readonly realtime = inject(MessagingRealtime);
  private readonly session = inject(SessionStore);

  protected readonly pages = MESSAGING_PAGES;
  protected readonly purposeLabels = THREAD_PURPOSE_LABELS;
  protected readonly stateLabels = THREAD_STATE_LABELS;
  protected readonly purposes = THREAD_PURPOSES;
  protected readonly states = THREAD_STATES;
  protected readonly settingsPage = WEB_ROUTES.practiceMessagingSettings;
  protected readonly members = signal<PracticeMemberView[]>([]);
  protected readonly me = computed(() => this.session.account()?.id);
  /** Members other than me (who is "Moi"), for the assignee filter. */
  protected readonly others = computed(() => assignableMembers(this.members(), this.me()).filter((m) => m.accountId !== this.me()));
  protected readonly memberLabel = memberLabel;
  protected readonly threads = signal<ThreadSummaryView[] | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly filters = inject(FormBuilder).nonNullable.group({
    purpose: '' as ThreadPurpose | '',
    state: '' as ThreadState | '',
    /** '', 'me', 'none' or a member's account id. */
    assignedTo: '',
    q: '',
  });

  async ngOnInit(): Promise<void> {
    // The filter works without the names: a failed member list only hides them.
    void this.api.members().then((members) => this.members.set(members), () => undefined);
    await this.search();
    const since = new Date().toISOString();
    this.realtime.follow(
      Object.fromEntries((this.threads() ?? []).map((t) => [t.id, t.lastSeq])),
      {
        onMessage: (message) => this.threads.update((list) => countUnread(list ?? [], message, this.session.account()?.id)),
        // A new thread (from a patient) arrives with all its messages unread.
        onThreadChanged: (thread) => this.threads.update((list) => (this.matches(thread) ? upsertThread(list ?? [], thread, thread.lastSeq) : list)),
      },
      since,
    );
  }

  protected async search(): Promise<void> {
    const { purpose, state, assignedTo, q } = this.filters.getRawValue();
    const me = this.session.account()?.id;
    try {
      this.error.set(null);
      this.threads.set(
        await this.api.threads({ purpose: purpose || undefined, state: state || undefined, assignedTo: assignedTo === 'me' ? me : assignedTo || undefined, q: q.trim() || undefined }),
      );
    } catch (error) {
      this.error.set(apiErrorMessage(toApiError(error)));
    }
  }

  protected assigneeOf(thread: ThreadSummaryView): string {
    return assigneeText(thread.assignedToAccountId, this.members(), this.me());
  }

  private matches(thread: ThreadSummaryView): boolean {
    const { purpose, state, assignedTo, q } = this.filters.getRawValue();
    const assignee = assignedTo === 'me' ? this.me() : assignedTo === 'none' ? null : assignedTo || undefined;
    return (
      (!purpose || thread.purpose === purpose) &&
      (!state || thread.state === state) &&
      (assignee === undefined || thread.assignedToAccountId === assignee) &&
      (!q.trim() || thread.patientName.toLowerCase().includes(q.trim().toLowerCase()))
    );
  }
}

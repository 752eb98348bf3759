import { DatePipe } from '@angular/common';
import { afterNextRender, ChangeDetectionStrategy, Component, computed, ElementRef, inject, Injector, OnDestroy, OnInit, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute } from '@angular/router';
import {
  AttachmentView,
  MESSAGING_EMERGENCY_NOTICE,
  MessageView,
  PracticeMemberView,
  THREAD_PURPOSE_LABELS,
  ThreadRecipientsView,
  ThreadView,
} from '@passerelle/shared/contracts';
import { SessionStore, toApiError, WEB_ROUTES } from '@passerelle/web/core';
import { apiErrorMessage, FieldControl, FormFeedback, FormField } from '@passerelle/web/ui';
import { MessagingApi, ThreadAction } from '../messaging-api';
import { checkFile } from './file-check';
import { MessageCrypto, ReadMessage, signatureWarning } from './message-crypto';
import { MessagingRealtime } from './messaging-realtime';
import { assignableMembers, assigneeText, assignmentNotice, memberLabel } from '../practice/assignees';
import { archiveNotice, THREAD_STATE_LABELS } from './thread-labels';

const ACTION_TEXT: Record<Exclude<ThreadAction, 'message'>, string> = {
  renew: 'Ordonnance renouvelée.',
  refuse: 'Renouvellement refusé.',
  'ask-to-book': 'Merci de prendre rendez-vous pour ce renouvellement.',
  close: 'Conversation clôturée.',
};

/**
 * One thread: each message decrypted and its signature checked in the
 * browser (a bad one is flagged), new messages live, a reply form; practice
 * staff also renew (with a PDF), refuse with a reason, ask to book or close.
 */
@Component({
  selector: 'app-thread-page',
  imports: [ReactiveFormsModule, FormField, FieldControl, DatePipe],
  providers: [MessagingRealtime],
  templateUrl: './thread-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ThreadPage implements OnInit, OnDestroy {
  private readonly api = inject(MessagingApi);
  private readonly crypto = inject(MessageCrypto);
  private readonly realtime = inject(MessagingRealtime);
  private readonly session = inject(SessionStore);
  private readonly threadId = inject(ActivatedRoute).snapshot.paramMap.get('threadId') ?? '';
  private recipients: ThreadRecipientsView | null = null;
  private readonly urls: string[] = [];
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly notice = MESSAGING_EMERGENCY_NOTICE;
  protected readonly signatureWarning = signatureWarning;
  /** Booking links are shown only when they point to this site. */
  protected readonly origin = `${location.origin}/`;
  protected readonly purposes = THREAD_PURPOSE_LABELS;
  protected readonly states = THREAD_STATE_LABELS;
  protected readonly thread = signal<ThreadView | null>(null);
  protected readonly messages = signal<ReadMessage[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly progress = signal<number | null>(null);
  protected readonly opened = signal<Record<string, { url: string; type: string; warning: string | null } | { error: string }>>({});
  protected readonly staff = computed(() => ['PRACTITIONER', 'SECRETARY'].includes(this.session.role() ?? ''));
  protected readonly practitioner = computed(() => this.session.role() === 'PRACTITIONER');
  protected readonly closed = computed(() => this.thread()?.state === 'CLOSED');
  protected readonly isRenewal = computed(() => this.thread()?.purpose === 'RENEWAL');
  protected readonly me = computed(() => this.session.account()?.id);
  /** Staff: the practice's members, to whom the thread may be assigned. */
  protected readonly members = signal<PracticeMemberView[]>([]);
  protected readonly assignable = computed(() => assignableMembers(this.members(), this.me()));
  protected readonly assignee = computed(() => assigneeText(this.thread()?.assignedToAccountId ?? null, this.members(), this.me()));
  protected readonly memberLabel = memberLabel;
  /** Result of an assignment or an archiving, for the role="status" line. */
  protected readonly status = signal<string | null>(null);
  protected readonly assignForm = inject(FormBuilder).nonNullable.group({ accountId: '' });

  protected readonly form = inject(FormBuilder).nonNullable.group({
    text: ['', [Validators.maxLength(5000)]],
  });
  protected readonly feedback = new FormFeedback(this.form, {
    text: { required: 'Saisissez votre message.', maxlength: 'Message trop long (5 000 caractères au plus).' },
  });
  private file: File | null = null;

  async ngOnInit(): Promise<void> {
    try {
      const [thread, recipients] = await Promise.all([this.api.thread(this.threadId), this.api.recipients(this.threadId)]);
      this.recipients = recipients;
      this.thread.set(thread);
      this.assignForm.setValue({ accountId: thread.assignedToAccountId ?? '' });
      if (this.staff()) this.members.set(await this.api.members().catch(() => []));
      for (const message of thread.messages) await this.add(message);
      this.realtime.follow({ [thread.id]: thread.lastSeq }, {
        onMessage: (message) => {
          // The server brings an archived thread back with each new message.
          this.thread.update((t) => (t?.archivedByPatient ? { ...t, archivedByPatient: false } : t));
          void this.add(message);
        },
      });
      await this.markRead();
    } catch (error) {
      this.error.set(apiErrorMessage(toApiError(error)));
    }
  }

  ngOnDestroy(): void {
    this.urls.forEach((url) => URL.revokeObjectURL(url));
  }

  protected pickFile(event: Event): void {
    this.file = (event.target as HTMLInputElement).files?.[0] ?? null;
  }

  protected async submit(action: ThreadAction = 'message'): Promise<void> {
    const text = this.form.getRawValue().text.trim();
    if (action === 'message' && !text && !this.file) {
      this.form.controls.text.setErrors({ required: true });
    }
    if (action === 'refuse' && !text) {
      this.form.controls.text.setErrors({ required: true });
    }
    if (!this.feedback.start() || !this.recipients) return;
    try {
      const keys = this.crypto.recipientKeys(this.recipients);
      const attachmentIds: string[] = [];
      if (this.file) {
        const checked = await checkFile(this.file);
        this.progress.set(0);
        const uploaded = await this.api.upload(this.threadId, checked.type, await this.crypto.encryptFile(keys, checked.content), (f) => this.progress.set(f));
        attachmentIds.push(uploaded.id);
      }
      const body = action === 'message' ? { text } : { text: text || ACTION_TEXT[action], ...this.decisionDetails(action, text) };
      const sent = await this.api.send(this.threadId, await this.crypto.encrypt(keys, body), attachmentIds, action);
      await this.add(sent);
      this.form.reset();
      this.file = null;
      this.feedback.done();
      this.thread.set(await this.api.thread(this.threadId));
    } catch (error) {
      if (error instanceof Error && !('status' in error)) this.feedback.showAlert(error.message);
      else this.feedback.fail(toApiError(error));
    } finally {
      this.progress.set(null);
    }
  }

  /** Assigns to a member (me by default), or to nobody ('' or null); the focus goes to the status line. */
  protected async assign(accountId: string | null = this.me() ?? null): Promise<void> {
    try {
      const summary = await this.api.assign(this.threadId, accountId || null);
      this.thread.update((t) => (t ? { ...t, assignedToAccountId: summary.assignedToAccountId } : t));
      this.assignForm.setValue({ accountId: summary.assignedToAccountId ?? '' });
      this.status.set(assignmentNotice(summary.assignedToAccountId, this.members(), this.me()));
    } catch (error) {
      this.status.set(apiErrorMessage(toApiError(error)));
    }
    this.focusStatus();
  }

  /** Patient: files the thread away or brings it back (never deleted). */
  protected async toggleArchive(): Promise<void> {
    const thread = this.thread();
    if (!thread) return;
    try {
      const summary = await this.api.archive(thread.id, !thread.archivedByPatient);
      this.thread.update((t) => (t ? { ...t, archivedByPatient: summary.archivedByPatient } : t));
      this.status.set(archiveNotice(summary.archivedByPatient));
    } catch (error) {
      this.status.set(apiErrorMessage(toApiError(error)));
    }
    this.focusStatus();
  }

  private focusStatus(): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#thread-status')?.focus(), { injector: this.injector });
  }

  private decisionDetails(action: ThreadAction, text: string): { reason?: string; bookingUrl?: string } {
    if (action === 'refuse') return { reason: text };
    const practitionerId = this.thread()?.practitionerId;
    if (action === 'ask-to-book' && practitionerId) return { bookingUrl: `${location.origin}${WEB_ROUTES.booking}/${practitionerId}` };
    return {};
  }

  protected async open(attachment: AttachmentView, message: MessageView): Promise<void> {
    if (!this.recipients) return;
    const senders = this.recipients.senders.filter((s) => s.accountId === message.senderAccountId).map((s) => s.publicKey);
    try {
      const file = await this.crypto.readFile(await this.api.download(attachment.id), attachment.mediaType, senders);
      const url = URL.createObjectURL(new Blob([file.content as Uint8Array<ArrayBuffer>], { type: attachment.mediaType }));
      this.urls.push(url);
      const warning = file.signature === 'valid' ? null : 'Attention : la signature de cette pièce jointe n’est pas valide.';
      this.opened.update((o) => ({ ...o, [attachment.id]: { url, type: attachment.mediaType, warning } }));
    } catch (error) {
      const message = error instanceof Error && !('status' in error) ? error.message : apiErrorMessage(toApiError(error));
      this.opened.update((o) => ({ ...o, [attachment.id]: { error: message } }));
    }
  }

  protected openedFile(id: string) {
    const o = this.opened()[id];
    return o && 'url' in o ? o : null;
  }

  protected openError(id: string): string | null {
    const o = this.opened()[id];
    return o && 'error' in o ? o.error : null;
  }

  private async add(message: MessageView): Promise<void> {
    if (!this.recipients || this.messages().some((m) => m.message.id === message.id)) return;
    const read = await this.crypto.read(message, this.recipients);
    this.messages.update((list) => (list.some((m) => m.message.id === message.id) ? list : [...list, read].sort((a, b) => a.message.seq - b.message.seq)));
    if (message.senderAccountId !== this.me()) await this.markRead();
  }

  private async markRead(): Promise<void> {
    const last = this.messages().at(-1)?.message.seq;
    if (last) await this.api.markRead(this.threadId, last).catch(() => undefined);
  }
}

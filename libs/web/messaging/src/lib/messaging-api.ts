import { HttpClient, HttpEventType, HttpHeaders, HttpParams, HttpRequest } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import {
  AGENDA_ROUTES,
  ATTACHMENT_TYPE_HEADER,
  AttachmentMediaType,
  AttachmentView,
  MESSAGING_ROUTES,
  MessagingPractitionerView,
  MessagingSettingsView,
  MessageView,
  PracticeMemberView,
  ThreadExportView,
  ThreadPurpose,
  ThreadRecipientsView,
  ThreadState,
  ThreadSummaryView,
  ThreadView,
  UpdateMessagingSettingsRequest,
} from '@passerelle/shared/contracts';
import { firstValueFrom } from 'rxjs';

export interface InboxFilters {
  purpose?: ThreadPurpose;
  state?: ThreadState;
  assignedTo?: string;
  q?: string;
  /** Patient: 'true' for the archived threads only, 'false' for the others. */
  archived?: 'true' | 'false';
}

export type ThreadAction = 'message' | 'renew' | 'refuse' | 'ask-to-book' | 'close';

const ACTION_ROUTES: Record<ThreadAction, (id: string) => string> = {
  message: MESSAGING_ROUTES.threadMessages,
  renew: MESSAGING_ROUTES.threadRenew,
  refuse: MESSAGING_ROUTES.threadRefuse,
  'ask-to-book': MESSAGING_ROUTES.threadAskToBook,
  close: MESSAGING_ROUTES.threadClose,
};

/** The messaging endpoints; bodies are already encrypted (armored OpenPGP). */
@Injectable({ providedIn: 'root' })
export class MessagingApi {
  private readonly http = inject(HttpClient);

  myPractitioners(): Promise<MessagingPractitionerView[]> {
    return firstValueFrom(this.http.get<MessagingPractitionerView[]>(MESSAGING_ROUTES.myPractitioners));
  }

  threads(filters: InboxFilters = {}): Promise<ThreadSummaryView[]> {
    let params = new HttpParams();
    for (const [name, value] of Object.entries(filters)) if (value) params = params.set(name, value);
    return firstValueFrom(this.http.get<ThreadSummaryView[]>(MESSAGING_ROUTES.threads, { params }));
  }

  thread(id: string): Promise<ThreadView> {
    return firstValueFrom(this.http.get<ThreadView>(MESSAGING_ROUTES.thread(id)));
  }

  recipients(id: string): Promise<ThreadRecipientsView> {
    return firstValueFrom(this.http.get<ThreadRecipientsView>(MESSAGING_ROUTES.threadRecipients(id)));
  }

  openThread(practitionerId: string, purpose: ThreadPurpose, body: string): Promise<ThreadView> {
    return firstValueFrom(this.http.post<ThreadView>(MESSAGING_ROUTES.threads, { practitionerId, purpose, body }));
  }

  /** A message, or a practice's decision carried by one (renew, refuse, ask to book, close). */
  send(threadId: string, body: string, attachmentIds: string[] = [], action: ThreadAction = 'message'): Promise<MessageView> {
    return firstValueFrom(this.http.post<MessageView>(ACTION_ROUTES[action](threadId), { body, ...(attachmentIds.length ? { attachmentIds } : {}) }));
  }

  /** Uploads an encrypted attachment, reporting progress (0 to 1). */
  upload(threadId: string, type: AttachmentMediaType, encrypted: Uint8Array, progress: (fraction: number) => void): Promise<AttachmentView> {
    const request = new HttpRequest('POST', MESSAGING_ROUTES.threadAttachments(threadId), new Blob([encrypted as Uint8Array<ArrayBuffer>]), {
      headers: new HttpHeaders({ [ATTACHMENT_TYPE_HEADER]: type, 'content-type': 'application/octet-stream' }),
      reportProgress: true,
    });
    return new Promise((resolve, reject) => {
      this.http.request<AttachmentView>(request).subscribe({
        next: (event) => {
          if (event.type === HttpEventType.UploadProgress && event.total) progress(event.loaded / event.total);
          if (event.type === HttpEventType.Response && event.body) resolve(event.body);
        },
        error: reject,
      });
    });
  }

  async download(attachmentId: string): Promise<Uint8Array> {
    const buffer = await firstValueFrom(this.http.get(MESSAGING_ROUTES.attachment(attachmentId), { responseType: 'arraybuffer' }));
    return new Uint8Array(buffer);
  }

  /** Practice staff: who handles the thread (null: nobody). */
  assign(threadId: string, accountId: string | null): Promise<ThreadSummaryView> {
    return firstValueFrom(this.http.post<ThreadSummaryView>(MESSAGING_ROUTES.threadAssign(threadId), { accountId }));
  }

  /** Patient: files the thread away (or brings it back); it is never deleted. */
  archive(threadId: string, archived: boolean): Promise<ThreadSummaryView> {
    return firstValueFrom(this.http.post<ThreadSummaryView>(archived ? MESSAGING_ROUTES.threadArchive(threadId) : MESSAGING_ROUTES.threadUnarchive(threadId), {}));
  }

  /** Patient: every thread as ciphertext, reporting the download's progress (0 to 1, when the size is known). */
  export(progress: (fraction: number) => void): Promise<ThreadExportView> {
    return new Promise((resolve, reject) => {
      this.http.request<ThreadExportView>(new HttpRequest('GET', MESSAGING_ROUTES.export, { reportProgress: true })).subscribe({
        next: (event) => {
          if (event.type === HttpEventType.DownloadProgress && event.total) progress(event.loaded / event.total);
          if (event.type === HttpEventType.Response && event.body) resolve(event.body);
        },
        error: reject,
      });
    });
  }

  /** Practice staff: the practice's active members (to assign a thread, filter the inbox). */
  members(): Promise<PracticeMemberView[]> {
    return firstValueFrom(this.http.get<PracticeMemberView[]>(AGENDA_ROUTES.members));
  }

  settings(): Promise<MessagingSettingsView> {
    return firstValueFrom(this.http.get<MessagingSettingsView>(MESSAGING_ROUTES.practiceSettings));
  }

  updateSettings(request: UpdateMessagingSettingsRequest): Promise<unknown> {
    return firstValueFrom(this.http.put(MESSAGING_ROUTES.practiceSettings, request));
  }

  /** A practitioner switches their own messaging on or off. */
  setEnabled(practitionerId: string, enabled: boolean): Promise<unknown> {
    return firstValueFrom(this.http.put(MESSAGING_ROUTES.practitionerEnabled(practitionerId), { enabled }));
  }

  markRead(threadId: string, seq: number): Promise<unknown> {
    return firstValueFrom(this.http.post(MESSAGING_ROUTES.threadRead(threadId), { seq }));
  }
}

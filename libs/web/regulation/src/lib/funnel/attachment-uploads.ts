import { DestroyRef, inject, signal } from '@angular/core';
import { AttachmentMediaType, SAS_ATTACHMENT_EXTENSIONS, SAS_ATTACHMENT_MAX_BYTES, SAS_ATTACHMENTS_PER_BOOKING, SasAttachmentView } from '@passerelle/shared/contracts';
import { toApiError } from '@passerelle/web/core';
import { apiErrorMessage } from '@passerelle/web/ui';
import { Subscription } from 'rxjs';
import { RegulationApi } from '../regulation-api';

export interface PendingUpload {
  /** Local key until the API returns the stored attachment. */
  key: number;
  fileName: string;
  sizeBytes: number;
  /** Checked and encrypted in the browser first, then sent. */
  phase: 'encrypting' | 'sending';
  percent: number;
  attachment: SasAttachmentView | null;
  error: string | null;
}

/** Who the files are for: the practitioner, and the practice key they are encrypted to. */
export interface AttachmentTarget {
  practitionerId: string;
  publicKey: string;
}

/** What the browser tells from the name and size, before reading the file (its content is checked next, then it is encrypted). */
export function localAttachmentProblem(file: { name: string; size: number }): string | null {
  const extension = /\.[^.]+$/.exec(file.name.toLowerCase())?.[0] ?? '';
  if (!(SAS_ATTACHMENT_EXTENSIONS as readonly string[]).includes(extension)) {
    return `« ${file.name} » : la pièce jointe doit être de l’un des formats suivants : .pdf, .jpg, .jpeg, .png.`;
  }
  if (file.size >= SAS_ATTACHMENT_MAX_BYTES) return `« ${file.name} » : chaque fichier doit faire moins de 50 Mo.`;
  if (file.size === 0) return `« ${file.name} » : le fichier est vide.`;
  return null;
}

export const formatSize = (bytes: number): string =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} Ko` : `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} Mo`;

/**
 * The funnel's attachments: each file is checked by content and encrypted
 * to the practice key in the browser as soon as it is chosen, then sent with
 * its progress; the booking refers to the stored ones by id. Nothing leaves
 * the browser unencrypted: without a practice key, no file is taken.
 */
export class AttachmentUploads {
  private readonly api = inject(RegulationApi);
  private readonly running = new Map<number, Subscription>();
  private nextKey = 1;

  readonly uploads = signal<PendingUpload[]>([]);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.running.forEach((s) => s.unsubscribe()));
  }

  add(files: FileList | File[], target: AttachmentTarget): void {
    for (const file of Array.from(files)) {
      const key = this.nextKey++;
      const problem = this.uploads().filter((u) => !u.error).length >= SAS_ATTACHMENTS_PER_BOOKING ? `${SAS_ATTACHMENTS_PER_BOOKING} pièces jointes au plus.` : localAttachmentProblem(file);
      this.uploads.update((list) => [...list, { key, fileName: file.name, sizeBytes: file.size, phase: 'encrypting', percent: 0, attachment: null, error: problem }]);
      if (!problem) void this.send(key, file, target);
    }
  }

  remove(upload: PendingUpload): void {
    this.running.get(upload.key)?.unsubscribe();
    this.running.delete(upload.key);
    this.uploads.update((list) => list.filter((u) => u.key !== upload.key));
    if (upload.attachment) this.api.removeAttachment(upload.attachment.id).subscribe({ error: () => undefined });
  }

  busy(): boolean {
    return this.uploads().some((u) => !u.attachment && !u.error);
  }

  ids(): string[] {
    return this.uploads().flatMap((u) => (u.attachment ? [u.attachment.id] : []));
  }

  clear(): void {
    this.running.forEach((s) => s.unsubscribe());
    this.running.clear();
    this.uploads.set([]);
  }

  private async send(key: number, file: File, target: AttachmentTarget): Promise<void> {
    let prepared: { type: AttachmentMediaType; encrypted: Uint8Array };
    try {
      prepared = await (await import('./attachment-encryption')).encryptForPractice(file, target.publicKey);
    } catch (error) {
      this.patch(key, { error: `« ${file.name} » : ${error instanceof Error ? error.message : 'chiffrement impossible.'}` });
      return;
    }
    // Removed while it was being encrypted: nothing to send.
    if (!this.uploads().some((u) => u.key === key)) return;
    this.patch(key, { phase: 'sending' });
    this.running.set(
      key,
      this.api.upload(target.practitionerId, file.name, prepared.type, prepared.encrypted).subscribe({
        next: (event) => this.patch(key, event.kind === 'progress' ? { percent: event.percent } : { percent: 100, attachment: event.attachment }),
        error: (error: unknown) => {
          this.patch(key, { error: `« ${file.name} » : ${apiErrorMessage(toApiError(error))}` });
          this.running.delete(key);
        },
        complete: () => this.running.delete(key),
      }),
    );
  }

  private patch(key: number, change: Partial<PendingUpload>): void {
    this.uploads.update((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));
  }
}

import { afterNextRender, ChangeDetectionStrategy, Component, computed, ElementRef, inject, Injector, OnDestroy, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { toApiError } from '@passerelle/web/core';
import { apiErrorMessage } from '@passerelle/web/ui';
import { MESSAGING_PAGES } from '../messaging-paths';
import { ExportDocument, formatSize, renderExportHtml } from './export-html';
import { ExportPhase, ExportProgress, ThreadExporter } from './thread-exporter';

const PHASE_LABELS: Record<ExportPhase, string> = {
  download: 'Téléchargement de vos conversations chiffrées',
  messages: 'Déchiffrement et vérification des messages',
  attachments: 'Déchiffrement des pièces jointes',
};

/** What the patient is told once the file is ready. */
export function exportSummary(doc: ExportDocument): string {
  const messages = doc.threads.flatMap((t) => t.messages);
  const attachments = messages.flatMap((m) => m.attachments).filter((a) => 'dataUrl' in a).length;
  const unverified = messages.filter((m) => m.signature !== 'valid').length;
  const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;
  return [
    `Export prêt : ${plural(doc.threads.length, 'conversation')}, ${plural(messages.length, 'message')}, ${plural(attachments, 'pièce')} jointe${attachments > 1 ? 's' : ''}.`,
    unverified > 0 ? `Attention : ${plural(unverified, 'message')} dont la signature n’a pas pu être vérifiée (signalé dans le fichier).` : 'Toutes les signatures ont été vérifiées.',
  ].join(' ');
}

/**
 * "Exporter mes conversations": all the patient's threads, decrypted and
 * verified in the browser, saved as one self-contained HTML file; progress
 * shown while it runs (a long record, large attachments).
 */
@Component({
  selector: 'app-thread-export-page',
  imports: [ReactiveFormsModule, RouterLink],
  templateUrl: './thread-export-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ThreadExportPage implements OnDestroy {
  private readonly exporter = inject(ThreadExporter);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly pages = MESSAGING_PAGES;
  protected readonly options = inject(FormBuilder).nonNullable.group({ attachments: [true] });
  protected readonly progress = signal<ExportProgress | null>(null);
  protected readonly phaseLabel = computed(() => {
    const p = this.progress();
    return p ? PHASE_LABELS[p.phase] : '';
  });
  /** The phase, for the role="status" line (announced once per phase, not per item). */
  protected readonly status = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly file = signal<{ url: string; name: string; size: string } | null>(null);

  ngOnDestroy(): void {
    this.forget();
  }

  protected async start(): Promise<void> {
    if (this.progress()) return;
    this.forget();
    this.error.set(null);
    try {
      const doc = await this.exporter.build(this.options.getRawValue(), (p) => {
        if (p.phase !== this.progress()?.phase) this.status.set(`${PHASE_LABELS[p.phase]}…`);
        this.progress.set(p);
      });
      const blob = new Blob([renderExportHtml(doc)], { type: 'text/html;charset=utf-8' });
      this.file.set({ url: URL.createObjectURL(blob), name: `mes-conversations-passerelle-${doc.exportedAt.slice(0, 10)}.html`, size: formatSize(blob.size) });
      this.status.set(exportSummary(doc));
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#export-download')?.focus(), { injector: this.injector });
    } catch (error) {
      this.status.set(null);
      this.error.set(error instanceof Error && !('status' in error) ? error.message : apiErrorMessage(toApiError(error)));
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#export-error')?.focus(), { injector: this.injector });
    } finally {
      this.progress.set(null);
    }
  }

  private forget(): void {
    const file = this.file();
    if (file) URL.revokeObjectURL(file.url);
    this.file.set(null);
  }
}

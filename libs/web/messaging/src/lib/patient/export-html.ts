import { AttachmentMediaType, MessageBodyPlaintext, MessageKind, THREAD_PURPOSE_LABELS, ThreadPurpose, ThreadState } from '@passerelle/shared/contracts';
import { formatParisDateTime } from '@passerelle/web/ui';
import { ReadMessage, signatureWarning } from '../thread/message-crypto';
import { MESSAGE_KIND_LABELS, THREAD_STATE_LABELS } from '../thread/thread-labels';

/** An attachment in the export: its decrypted content as a data: URL, why it is missing, or left out on request. */
export type ExportedAttachment = { mediaType: AttachmentMediaType; size: number } & (
  | { dataUrl: string; signatureValid: boolean }
  | { error: string }
  | { omitted: true }
);

export interface ExportedMessage {
  seq: number;
  senderName: string;
  createdAt: string;
  kind: MessageKind;
  body: MessageBodyPlaintext | null;
  signature: ReadMessage['signature'];
  attachments: ExportedAttachment[];
}

export interface ExportedThread {
  id: string;
  purpose: ThreadPurpose;
  state: ThreadState;
  practitionerName: string;
  createdAt: string;
  archived: boolean;
  messages: ExportedMessage[];
}

/** Everything the file shows, already decrypted and verified. */
export interface ExportDocument {
  exportedAt: string;
  patientName: string;
  threads: ExportedThread[];
}

/**
 * Text into HTML. Hand-written because the file is built outside Angular's
 * templates (it is a standalone document the patient keeps) and these five
 * characters are all HTML needs escaped in text and quoted attributes; every
 * decrypted value goes through it, and the file's CSP forbids scripts anyway.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const STYLE = `
body{font-family:system-ui,sans-serif;line-height:1.5;max-width:48rem;margin:0 auto;padding:1rem;color:#1b1b1b}
section{border-top:2px solid #555;margin-top:2rem}
ol.messages{list-style:none;padding:0}
ol.messages>li{border:1px solid #ccc;border-radius:4px;padding:.75rem;margin:.75rem 0}
.meta{color:#555;font-size:.9rem}
.ok{color:#1e6b2f}
.warning{color:#a00;font-weight:bold}
.text{white-space:pre-line}
img{max-width:100%;height:auto}
@media print{a[download]{display:none}}
`;

function signatureLine(signature: ReadMessage['signature']): string {
  const warning = signatureWarning({ signature });
  return warning ? `<p class="warning">${escapeHtml(warning)}</p>` : '<p class="meta ok">Signature de l’expéditeur vérifiée.</p>';
}

function attachmentHtml(a: ExportedAttachment, thread: ExportedThread, message: ExportedMessage, index: number): string {
  const what = a.mediaType === 'application/pdf' ? 'PDF' : 'image';
  if ('omitted' in a) return `<li>Pièce jointe (${what}, ${formatSize(a.size)}) non incluse dans cet export.</li>`;
  if ('error' in a) return `<li class="warning">Pièce jointe (${what}) : ${escapeHtml(a.error)}</li>`;
  const warning = a.signatureValid ? '' : '<p class="warning">Attention : la signature de cette pièce jointe n’est pas valide.</p>';
  if (a.mediaType === 'application/pdf') {
    const name = `conversation-${thread.id.slice(0, 8)}-message-${message.seq}-${index + 1}.pdf`;
    return `<li>${warning}<a href="${escapeHtml(a.dataUrl)}" download="${escapeHtml(name)}">Enregistrer le PDF joint (${formatSize(a.size)})</a></li>`;
  }
  return `<li>${warning}<img src="${escapeHtml(a.dataUrl)}" alt="${escapeHtml(`Image jointe par ${message.senderName}`)}"></li>`;
}

function messageHtml(m: ExportedMessage, thread: ExportedThread): string {
  const parts = [
    `<p><strong>${escapeHtml(m.senderName)}</strong> <span class="meta">— ${escapeHtml(formatParisDateTime(m.createdAt))}</span></p>`,
    signatureLine(m.signature),
  ];
  const kind = MESSAGE_KIND_LABELS[m.kind];
  if (kind) parts.push(`<p><strong>${escapeHtml(kind)}</strong></p>`);
  if (m.body) {
    if (m.body.medicines?.length) {
      parts.push(`<p>Médicaments à renouveler :</p><ul>${m.body.medicines.map((med) => `<li>${escapeHtml(med.name)}${med.dosage ? ` — ${escapeHtml(med.dosage)}` : ''}</li>`).join('')}</ul>`);
    }
    parts.push(`<p class="text">${escapeHtml(m.body.text)}</p>`);
    if (m.body.reason && m.kind === 'REFUSED') parts.push(`<p><strong>Motif du refus :</strong> ${escapeHtml(m.body.reason)}</p>`);
    if (m.body.bookingUrl && m.kind === 'BOOKING_REQUESTED') parts.push(`<p>Lien de prise de rendez-vous : ${escapeHtml(m.body.bookingUrl)}</p>`);
  }
  if (m.attachments.length) parts.push(`<ul>${m.attachments.map((a, i) => attachmentHtml(a, thread, m, i)).join('')}</ul>`);
  return `<li>${parts.join('\n')}</li>`;
}

function threadHtml(t: ExportedThread): string {
  const title = `${THREAD_PURPOSE_LABELS[t.purpose]} — ${t.practitionerName}`;
  const meta = [`Ouverte le ${formatParisDateTime(t.createdAt)}`, THREAD_STATE_LABELS[t.state], ...(t.archived ? ['archivée'] : [])].join(' · ');
  return `<section id="conversation-${escapeHtml(t.id)}">
<h2>${escapeHtml(title)}</h2>
<p class="meta">${escapeHtml(meta)}</p>
<ol class="messages">${t.messages.map((m) => messageHtml(m, t)).join('\n')}</ol>
</section>`;
}

/** A self-contained HTML file: readable offline in any browser, printable, no script, no outside resource. */
export function renderExportHtml(doc: ExportDocument): string {
  const when = formatParisDateTime(doc.exportedAt);
  const toc = doc.threads
    .map((t) => `<li><a href="#conversation-${escapeHtml(t.id)}">${escapeHtml(`${THREAD_PURPOSE_LABELS[t.purpose]} — ${t.practitionerName}`)}</a> <span class="meta">(${t.messages.length} message${t.messages.length > 1 ? 's' : ''})</span></li>`)
    .join('\n');
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${escapeHtml(`Mes conversations Passerelle — ${doc.patientName} — ${when}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Mes conversations avec mes praticiens</h1>
<p>${escapeHtml(doc.patientName)} — export du ${escapeHtml(when)}, déchiffré sur mon appareil. La signature de chaque message a été vérifiée.</p>
<p><strong>Ce fichier contient des données de santé : conservez-le en lieu sûr.</strong></p>
<nav aria-label="Conversations"><ol>${toc}</ol></nav>
${doc.threads.map(threadHtml).join('\n')}
</body>
</html>
`;
}

/** "1,2 Mo", "350 ko". */
export function formatSize(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
  return `${Math.max(1, Math.round(bytes / 1000))} ko`;
}

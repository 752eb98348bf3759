/**
 * @jest-environment node
 */
// openpgp needs Node's WebCrypto and one realm for Uint8Array: no jsdom here.
import { Injector, runInInjectionContext, signal } from '@angular/core';
import { MessageView, ThreadExportView, ThreadView } from '@passerelle/shared/contracts';
import { encryptFile, encryptText, generateKeyPair, UnlockedPrivateKey } from '@passerelle/shared/crypto';
import { MessagingKeyring } from '../keys/messaging-keyring';
import { MessagingApi } from '../messaging-api';
import { MessageCrypto } from '../thread/message-crypto';
import { renderExportHtml } from './export-html';
import { ExportProgress, ThreadExporter } from './thread-exporter';

const PDF = Buffer.from('%PDF-1.4\n% ordonnance renouvelée\n%%EOF\n');

/** Node has Blob but no FileReader: the few lines the exporter uses, on Buffer. */
class NodeFileReader {
  result: string | null = null;
  error: Error | null = null;
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  readAsDataURL(blob: Blob): void {
    void blob.arrayBuffer().then((buffer) => {
      this.result = `data:${blob.type};base64,${Buffer.from(buffer).toString('base64')}`;
      this.onload?.();
    });
  }
}

describe('ThreadExporter', () => {
  let jeanne: UnlockedPrivateKey;
  let claire: UnlockedPrivateKey;
  let practice: UnlockedPrivateKey;
  let stranger: UnlockedPrivateKey;
  let exported: ThreadExportView;
  let encryptedPdf: Uint8Array;
  let downloads: string[];
  let exporter: ThreadExporter;

  const message = (seq: number, senderAccountId: string, senderName: string, kind: MessageView['kind'], body: string, attachments: MessageView['attachments'] = []): MessageView => ({
    id: `m${seq}`, threadId: 't1', seq, senderAccountId, senderName, kind, body, attachments, createdAt: `2026-11-2${seq}T08:00:00Z`,
  });

  beforeAll(async () => {
    (globalThis as unknown as { FileReader: unknown }).FileReader = NodeFileReader;
    [jeanne, claire, practice, stranger] = await Promise.all(['jeanne', 'claire', 'cabinet', 'inconnu'].map((n) => generateKeyPair(`${n}@exemple.fr`)));
    const recipients = [jeanne.publicKeyArmored, claire.publicKeyArmored, practice.publicKeyArmored];
    const encrypt = (body: object, signingKey: UnlockedPrivateKey) => encryptText(JSON.stringify(body), { recipients, signingKey });
    encryptedPdf = await encryptFile(new Uint8Array(PDF), { recipients, signingKey: claire });
    const thread: ThreadView = {
      id: 't1', purpose: 'RENEWAL', state: 'CLOSED', patientId: 'p1', patientName: 'Jeanne Bernard', practitionerId: 'pr1', practitionerName: 'Dr Claire Martin',
      practiceId: 'c1', assignedToAccountId: null, lastSeq: 3, unread: 0, lastMessageAt: '2026-11-23T08:00:00Z', createdAt: '2026-11-21T08:00:00Z', archivedByPatient: true,
      readReceipts: [],
      messages: [
        message(1, 'jeanne', 'Jeanne Bernard', 'TEXT', await encrypt({ text: 'Bonjour <script>alert(1)</script>', medicines: [{ name: 'Levothyrox 75 µg' }] }, jeanne)),
        message(2, 'claire', 'Dr Claire Martin', 'RENEWED', await encrypt({ text: 'Ordonnance renouvelée.' }, claire), [{ id: 'a1', mediaType: 'application/pdf', size: encryptedPdf.length }]),
        // Claims to be Claire, signed by someone else.
        message(3, 'claire', 'Dr Claire Martin', 'TEXT', await encrypt({ text: 'Faux message' }, stranger)),
      ],
    };
    exported = {
      exportedAt: '2026-11-24T10:00:00Z',
      threads: [thread],
      senders: [
        { accountId: 'jeanne', publicKey: jeanne.publicKeyArmored },
        { accountId: 'claire', publicKey: claire.publicKeyArmored },
      ],
    };
  });

  beforeEach(() => {
    downloads = [];
    const api = {
      export: async (progress: (fraction: number) => void) => {
        progress(0.5);
        progress(1);
        return exported;
      },
      download: async (id: string) => {
        downloads.push(id);
        return encryptedPdf;
      },
    } as unknown as MessagingApi;
    const keyring = { key: signal(jeanne), practiceKey: signal(null) } as unknown as MessagingKeyring;
    const injector = Injector.create({
      providers: [
        { provide: MessagingApi, useValue: api },
        { provide: MessagingKeyring, useValue: keyring },
        { provide: MessageCrypto, useFactory: () => runInInjectionContext(injector, () => new MessageCrypto()) },
      ],
    });
    exporter = runInInjectionContext(injector, () => new ThreadExporter());
  });

  it('decrypts every message, verifies each against its named sender, opens the attachments, reporting progress', async () => {
    const steps: ExportProgress[] = [];
    const doc = await exporter.build({ attachments: true }, (p) => steps.push(p));
    const [thread] = doc.threads;
    expect(doc.patientName).toBe('Jeanne Bernard');
    expect(thread.archived).toBe(true);
    expect(thread.messages.map((m) => [m.body?.text, m.signature])).toEqual([
      ['Bonjour <script>alert(1)</script>', 'valid'],
      ['Ordonnance renouvelée.', 'valid'],
      ['Faux message', 'invalid'],
    ]);
    const [attachment] = thread.messages[1].attachments;
    expect(attachment).toMatchObject({ mediaType: 'application/pdf', signatureValid: true });
    expect('dataUrl' in attachment && Buffer.from(attachment.dataUrl.split(',')[1], 'base64').equals(PDF)).toBe(true);
    expect(downloads).toEqual(['a1']);
    expect(steps.filter((s) => s.phase === 'download').map((s) => s.done)).toEqual([0, 50, 100]);
    expect(steps.filter((s) => s.phase === 'messages').at(-1)).toEqual({ phase: 'messages', done: 3, total: 3 });
    expect(steps.filter((s) => s.phase === 'attachments').at(-1)).toEqual({ phase: 'attachments', done: 1, total: 1 });
  });

  it('leaves the attachments out when asked, without downloading them', async () => {
    const doc = await exporter.build({ attachments: false }, () => undefined);
    expect(doc.threads[0].messages[1].attachments).toEqual([{ mediaType: 'application/pdf', size: encryptedPdf.length, omitted: true }]);
    expect(downloads).toEqual([]);
  });

  it('writes an attachment it cannot open as such in the file, and goes on', async () => {
    const good = encryptedPdf;
    encryptedPdf = new Uint8Array([1, 2, 3]);
    try {
      const doc = await exporter.build({ attachments: true }, () => undefined);
      expect(doc.threads[0].messages[1].attachments[0]).toMatchObject({ error: expect.stringMatching(/^message 2 : .*déchiffrée/) });
      expect(doc.threads[0].messages).toHaveLength(3);
    } finally {
      encryptedPdf = good;
    }
  });

  it('renders a self-contained file: text escaped, no script, signatures and attachments shown', async () => {
    const html = renderExportHtml(await exporter.build({ attachments: true }, () => undefined));
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\"");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Bonjour &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Levothyrox 75 µg');
    expect(html).toContain('Ordonnance renouvelée');
    expect(html).toContain(`href="data:application/pdf;base64,${PDF.toString('base64')}"`);
    expect(html).toMatch(/download="conversation-t1-message-2-1\.pdf"/);
    expect(html.match(/Signature de l’expéditeur vérifiée/g)).toHaveLength(2);
    expect(html).toContain('Attention : la signature de ce message n’est pas valide');
    expect(html).toContain('Renouvellement d&#39;ordonnance — Dr Claire Martin');
    expect(html).toContain('archivée');
  });
});

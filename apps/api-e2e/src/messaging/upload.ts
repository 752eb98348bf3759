import { Readable } from 'node:stream';
import { fetch as undiciFetch } from 'undici';
import { ATTACHMENT_TYPE_HEADER, AttachmentView, MESSAGING_ROUTES } from '@passerelle/shared/contracts';
import { MessagingUser } from './messaging-user';

/** Streams bytes to the upload endpoint like the browser (chunked, no Content-Length when streamed). */
export async function upload(
  user: MessagingUser,
  threadId: string,
  type: string | null,
  content: Uint8Array | AsyncIterable<Uint8Array>,
): Promise<{ status: number; body: AttachmentView & { code?: string; message?: string } }> {
  if (!user.http.cookie('XSRF-TOKEN')) await user.http.get('/api/auth/session');
  const headers: Record<string, string> = {
    cookie: [...user.http.cookies].map(([n, v]) => `${n}=${v}`).join('; '),
    'x-xsrf-token': user.http.cookie('XSRF-TOKEN') ?? '',
    'content-type': 'application/octet-stream',
    accept: 'application/json',
  };
  if (type) headers[ATTACHMENT_TYPE_HEADER] = type;
  const body = content instanceof Uint8Array ? content : (Readable.from(content) as unknown as ReadableStream);
  const response = await undiciFetch(new URL(MESSAGING_ROUTES.threadAttachments(threadId), user.http.baseUrl), {
    method: 'POST',
    headers,
    body,
    duplex: 'half',
  } as Parameters<typeof undiciFetch>[1]);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

export async function download(user: MessagingUser, attachmentId: string): Promise<{ status: number; bytes: Uint8Array; headers: Headers }> {
  const response = await undiciFetch(new URL(MESSAGING_ROUTES.attachment(attachmentId), user.http.baseUrl), {
    headers: { cookie: [...user.http.cookies].map(([n, v]) => `${n}=${v}`).join('; ') },
  });
  return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()), headers: response.headers as unknown as Headers };
}

/** A tiny valid-looking PDF (magic bytes are what the browser checks). */
export function samplePdf(marker: string): Uint8Array {
  return new TextEncoder().encode(`%PDF-1.4\n% ${marker}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);
}

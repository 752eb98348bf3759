import { SAS_ATTACHMENT_EXTENSIONS, SasAttachmentView } from '@passerelle/shared/contracts';

export type AttachmentMediaType = SasAttachmentView['mediaType'];

/** Bytes needed to recognise every accepted type. */
export const SNIFF_BYTES = 8;

const SIGNATURES: { mediaType: AttachmentMediaType; bytes: number[]; extensions: string[] }[] = [
  { mediaType: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], extensions: ['.pdf'] }, // "%PDF-"
  { mediaType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], extensions: ['.png'] },
  { mediaType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff], extensions: ['.jpg', '.jpeg'] },
];

/** The accepted type the content starts with (magic bytes), or null. */
export function sniffMediaType(head: Uint8Array): AttachmentMediaType | null {
  return SIGNATURES.find((s) => s.bytes.every((b, i) => head[i] === b))?.mediaType ?? null;
}

export const ATTACHMENT_TYPE_MESSAGE = 'La pièce jointe doit être de l’un des formats suivants : .pdf, .jpg, .jpeg, .png.';

/**
 * Why this file is refused, or null when its name AND its content agree on
 * an accepted type: a .pdf name with PNG bytes, or an .exe renamed .pdf,
 * are refused — the content decides, the name must not lie about it.
 */
export function attachmentTypeProblem(fileName: string, head: Uint8Array): string | null {
  const extension = /\.[^.]+$/.exec(fileName.toLowerCase())?.[0] ?? '';
  if (!(SAS_ATTACHMENT_EXTENSIONS as readonly string[]).includes(extension)) return ATTACHMENT_TYPE_MESSAGE;
  const detected = sniffMediaType(head);
  if (!detected) return `Le contenu du fichier « ${fileName} » n’est ni un PDF, ni une image JPEG ou PNG.`;
  if (!SIGNATURES.find((s) => s.mediaType === detected)?.extensions.includes(extension)) {
    return `Le contenu du fichier « ${fileName} » ne correspond pas à son extension ${extension}.`;
  }
  return null;
}

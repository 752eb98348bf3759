import { attachmentTypeMatchesName, sniffAttachmentType } from './messaging.types';

describe('attachment type by content', () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  it('recognises PDF, JPEG and PNG by their magic bytes, and nothing else', () => {
    expect(sniffAttachmentType(new TextEncoder().encode('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffAttachmentType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(sniffAttachmentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
    expect(sniffAttachmentType(new TextEncoder().encode('GIF89a'))).toBeNull();
    expect(sniffAttachmentType(new TextEncoder().encode('MZ\x90\x00'))).toBeNull();
    expect(sniffAttachmentType(bytes())).toBeNull();
  });

  it('requires the extension to agree with the content', () => {
    expect(attachmentTypeMatchesName('image/jpeg', 'ordonnance.JPEG')).toBe(true);
    expect(attachmentTypeMatchesName('image/jpeg', 'ordonnance.jpg')).toBe(true);
    expect(attachmentTypeMatchesName('application/pdf', 'ordonnance.jpg')).toBe(false);
    expect(attachmentTypeMatchesName('image/png', 'photo')).toBe(false);
  });
});

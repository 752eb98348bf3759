import { attachmentTypeProblem, sniffMediaType } from './attachment-type';

const PDF = Buffer.from('%PDF-1.7\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]);
const EXE = Buffer.from('MZ\x90\x00\x03\x00\x00\x00');

describe('attachment type, decided by content', () => {
  it('recognises PDF, PNG and JPEG by their magic bytes', () => {
    expect(sniffMediaType(PDF)).toBe('application/pdf');
    expect(sniffMediaType(PNG)).toBe('image/png');
    expect(sniffMediaType(JPEG)).toBe('image/jpeg');
    expect(sniffMediaType(EXE)).toBeNull();
    expect(sniffMediaType(Buffer.alloc(0))).toBeNull();
  });

  it('accepts a name and content that agree, .jpeg and .JPG included', () => {
    expect(attachmentTypeProblem('ordonnance.pdf', PDF)).toBeNull();
    expect(attachmentTypeProblem('photo.JPG', JPEG)).toBeNull();
    expect(attachmentTypeProblem('photo.jpeg', JPEG)).toBeNull();
    expect(attachmentTypeProblem('radio.png', PNG)).toBeNull();
  });

  it('refuses a .pdf name with PNG bytes, an .exe renamed .pdf, and other extensions', () => {
    expect(attachmentTypeProblem('compte-rendu.pdf', PNG)).toMatch(/ne correspond pas à son extension \.pdf/);
    expect(attachmentTypeProblem('compte-rendu.pdf', EXE)).toMatch(/ni un PDF, ni une image/);
    expect(attachmentTypeProblem('programme.exe', EXE)).toMatch(/\.pdf, \.jpg, \.jpeg, \.png/);
    expect(attachmentTypeProblem('sans-extension', PDF)).toMatch(/\.pdf, \.jpg, \.jpeg, \.png/);
    expect(attachmentTypeProblem('document.docx', PDF)).toMatch(/formats suivants/);
  });
});

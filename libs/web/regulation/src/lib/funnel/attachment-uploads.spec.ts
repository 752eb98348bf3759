import { formatSize, localAttachmentProblem } from './attachment-uploads';

describe('attachments, as the browser can check them before sending', () => {
  it('accepts .pdf, .jpg, .jpeg and .png under 50 MB, whatever the case', () => {
    for (const name of ['ordonnance.pdf', 'photo.JPG', 'scan.jpeg', 'radio.png']) {
      expect(localAttachmentProblem({ name, size: 1000 })).toBeNull();
    }
  });

  it('says why a file is refused, in French, naming it', () => {
    expect(localAttachmentProblem({ name: 'programme.exe', size: 1000 })).toBe('« programme.exe » : la pièce jointe doit être de l’un des formats suivants : .pdf, .jpg, .jpeg, .png.');
    expect(localAttachmentProblem({ name: 'scanner.pdf', size: 50 * 1024 * 1024 })).toBe('« scanner.pdf » : chaque fichier doit faire moins de 50 Mo.');
    expect(localAttachmentProblem({ name: 'vide.png', size: 0 })).toBe('« vide.png » : le fichier est vide.');
  });

  it('shows sizes the French way', () => {
    expect(formatSize(300)).toBe('1 Ko');
    expect(formatSize(200 * 1024)).toBe('200 Ko');
    expect(formatSize(49.5 * 1024 * 1024)).toBe('49,5 Mo');
  });
});

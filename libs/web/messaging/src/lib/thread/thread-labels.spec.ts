import { MessageView, ThreadSummaryView } from '@passerelle/shared/contracts';
import { answerDelayLabel, archiveNotice, countUnread, parseMedicines, upsertThread, weeklyLimitLabel } from './thread-labels';

const thread = (id: string, at: string, unread = 0, lastSeq = 1): ThreadSummaryView => ({
  id,
  purpose: 'RENEWAL',
  state: 'OPEN',
  patientId: 'p',
  patientName: 'Marie Durand',
  practitionerId: 'd',
  practitionerName: 'Dr Claire Martin',
  practiceId: 'c',
  assignedToAccountId: null,
  lastSeq,
  unread,
  lastMessageAt: at,
  createdAt: at,
  archivedByPatient: false,
});
const message = (threadId: string, seq: number, sender: string) => ({ id: `${threadId}-${seq}`, threadId, seq, senderAccountId: sender }) as MessageView;

describe('thread list helpers', () => {
  it('keeps the list newest first and this reader’s unread count when a thread changes', () => {
    const list = [thread('a', '2026-11-20T10:00:00Z', 2), thread('b', '2026-11-19T10:00:00Z')];
    const changed = upsertThread(list, thread('b', '2026-11-21T10:00:00Z', 0, 3));
    expect(changed.map((t) => t.id)).toEqual(['b', 'a']);
    expect(changed.find((t) => t.id === 'a')?.unread).toBe(2);
    expect(upsertThread(list, thread('c', '2026-11-22T10:00:00Z', 0, 4), 4)[0]).toMatchObject({ id: 'c', unread: 4 });
  });

  it('counts a live message as unread unless I sent it', () => {
    const list = [thread('a', '2026-11-20T10:00:00Z', 0, 1)];
    expect(countUnread(list, message('a', 2, 'me'), 'me')[0].unread).toBe(0);
    expect(countUnread(list, message('a', 2, 'doctor'), 'me')[0]).toMatchObject({ unread: 1, lastSeq: 2 });
    expect(countUnread(list, message('z', 1, 'doctor'), 'me')).toEqual(list);
  });

  it('reads one medicine per line, blank lines dropped', () => {
    expect(parseMedicines(' Levothyrox 75 µg \n\n Kardégic 75 mg\n')).toEqual([{ name: 'Levothyrox 75 µg' }, { name: 'Kardégic 75 mg' }]);
    expect(parseMedicines('  \n')).toEqual([]);
  });
});

describe('what a patient is told before writing', () => {
  it('says the usual answer delay in working days, singular or plural', () => {
    expect(answerDelayLabel(1)).toBe('Réponse habituelle sous 1 jour ouvré.');
    expect(answerDelayLabel(3)).toBe('Réponse habituelle sous 3 jours ouvrés.');
  });

  it('says the weekly limit and how many threads are left, never fewer than none; nothing without a limit', () => {
    expect(weeklyLimitLabel(null, 5)).toBeNull();
    expect(weeklyLimitLabel(3, 1)).toBe('Ce cabinet accepte 3 nouvelles conversations par patient et par semaine : il vous en reste 2.');
    expect(weeklyLimitLabel(1, 4)).toBe('Ce cabinet accepte 1 nouvelle conversation par patient et par semaine : il vous en reste 0.');
  });

  it('says where an archived thread went', () => {
    expect(archiveNotice(true)).toMatch(/dossier médical.*« Archivées »/);
    expect(archiveNotice(false)).toBe('Conversation remise dans « En cours ».');
  });
});

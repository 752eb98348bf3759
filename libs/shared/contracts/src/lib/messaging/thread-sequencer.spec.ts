import { ThreadSequencer } from './thread-sequencer';
import type { MessageView } from './messaging.views';

const message = (threadId: string, seq: number): MessageView => ({
  id: `${threadId}-${seq}`,
  threadId,
  seq,
  senderAccountId: 'a',
  senderName: 'A',
  kind: 'TEXT',
  body: '',
  attachments: [],
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('ThreadSequencer', () => {
  it('delivers in order once, holding what comes after a gap', () => {
    const sequencer = new ThreadSequencer({ t: 1 });
    expect(sequencer.accept(message('t', 1))).toEqual([]);
    expect(sequencer.accept(message('t', 3))).toEqual([]);
    expect(sequencer.hasGap('t')).toBe(true);
    expect(sequencer.accept(message('t', 2)).map((m) => m.seq)).toEqual([2, 3]);
    expect(sequencer.accept(message('t', 3))).toEqual([]);
    expect(sequencer.hasGap('t')).toBe(false);
    expect(sequencer.positions()).toEqual({ t: 3 });
  });

  it('keeps threads apart and starts unknown threads at 0', () => {
    const sequencer = new ThreadSequencer();
    expect(sequencer.accept(message('a', 1)).map((m) => m.id)).toEqual(['a-1']);
    expect(sequencer.accept(message('b', 2))).toEqual([]);
    expect(sequencer.accept(message('b', 1)).map((m) => m.id)).toEqual(['b-1', 'b-2']);
    expect(sequencer.positions()).toEqual({ a: 1, b: 2 });
  });
});

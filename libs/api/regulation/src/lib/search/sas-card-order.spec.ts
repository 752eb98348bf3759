import { compareCards, RankedCard } from './sas-card-order';

const card = (name: string, sasParticipation: boolean, firstSlot: number | null, shuffle = name): RankedCard & { name: string } => ({ name, sasParticipation, firstSlot, shuffle });

describe('regulator search card order', () => {
  it('puts SAS participants with slots first, then others with slots, then cards without slots', () => {
    const cards = [card('none-out', false, null), card('late-in', true, 500), card('early-out', false, 100), card('none-in', true, null), card('early-in', true, 200)];
    expect([...cards].sort(compareCards).map((c) => c.name)).toEqual(['early-in', 'late-in', 'early-out', 'none-in', 'none-out']);
  });

  it('breaks ties at the same first slot by the seeded key only', () => {
    const a = card('a', true, 100, 'f0');
    const b = card('b', true, 100, '0f');
    expect([a, b].sort(compareCards).map((c) => c.name)).toEqual(['b', 'a']);
    expect([b, a].sort(compareCards).map((c) => c.name)).toEqual(['b', 'a']);
  });
});

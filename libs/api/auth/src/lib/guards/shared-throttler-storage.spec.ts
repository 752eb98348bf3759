import { ThrottlerStorage } from '@nestjs/throttler';
import { SharedThrottlerStorage } from './shared-throttler-storage';

/** A shared store that can be made to fail, like Redis going away. */
class FlakyStore implements ThrottlerStorage {
  down = false;
  hits = 0;
  async increment(_key: string, ttl: number, limit: number) {
    if (this.down) throw new Error('Connection is closed.');
    this.hits++;
    return { totalHits: this.hits, timeToExpire: ttl / 1000, isBlocked: this.hits > limit, timeToBlockExpire: 0 };
  }
}

describe('SharedThrottlerStorage', () => {
  it('uses the shared store while it answers', async () => {
    const shared = new FlakyStore();
    const storage = new SharedThrottlerStorage(shared);
    for (let i = 0; i < 3; i++) await storage.increment('127.0.0.9', 60_000, 2, 60_000, 'default');
    expect(shared.hits).toBe(3);
    expect((await storage.increment('127.0.0.9', 60_000, 2, 60_000, 'default')).isBlocked).toBe(true);
  });

  it('keeps limiting, per instance, while the shared store is down, and goes back to it', async () => {
    const shared = new FlakyStore();
    const storage = new SharedThrottlerStorage(shared);
    shared.down = true;
    const records = [];
    for (let i = 0; i < 3; i++) records.push(await storage.increment('127.0.0.10', 60_000, 2, 60_000, 'default'));
    expect(records.map((r) => r.isBlocked)).toEqual([false, false, true]);
    shared.down = false;
    await storage.increment('127.0.0.10', 60_000, 2, 60_000, 'default');
    expect(shared.hits).toBe(1);
  });
});

import { PollingWorker, retryDelayMs } from './polling-worker';

describe('retryDelayMs', () => {
  it('backs off exponentially up to an hour', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 5000))).toEqual([5000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(30, 5000)).toBe(3_600_000);
  });
});

describe('PollingWorker', () => {
  it('never runs two passes at once, and stop() waits for the running one', async () => {
    let running = 0;
    let most = 0;
    let finished = 0;
    const worker = new PollingWorker(10_000, async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 30));
      running--;
      finished++;
    }, () => undefined);
    const first = worker.runNow();
    const second = worker.runNow();
    expect(second).toBe(first);
    await worker.stop();
    expect({ most, finished, running }).toEqual({ most: 1, finished: 1, running: 0 });
  });

  it('reports a failed pass and keeps going', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const worker = new PollingWorker(10_000, async () => {
      calls++;
      if (calls === 1) throw new Error('database down');
    }, (error) => errors.push(error));
    await worker.runNow();
    await worker.runNow();
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('database down')]);
  });
});

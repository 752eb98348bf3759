/** Retry delay after `attempts` failures: base × 2^(attempts−1), at most an hour. */
export const retryDelayMs = (attempts: number, baseMs: number): number => Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 3_600_000);

/**
 * Runs `pass` every `intervalMs` on this instance, never two passes at once;
 * `stop()` waits for the running pass. What makes the work run once across
 * instances is inside the pass (a claim with FOR UPDATE SKIP LOCKED, an
 * advisory lock), not here.
 */
export class PollingWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly pass: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runNow(), this.intervalMs);
    this.timer.unref();
  }

  /** One pass now, unless one is already running (then: that one). */
  runNow(): Promise<void> {
    this.running ??= this.pass()
      .then(() => undefined, this.onError)
      .finally(() => (this.running = null));
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}

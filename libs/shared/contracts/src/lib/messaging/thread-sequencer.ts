import type { MessageView } from './messaging.views';

/**
 * Client side of "no loss, no duplicate, order kept": delivers each thread's
 * messages once, in sequence order, whether they arrive live or by replay.
 * A message ahead of a gap is held until the gap is filled (by `sync`).
 */
export class ThreadSequencer {
  private readonly last = new Map<string, number>();
  private readonly held = new Map<string, Map<number, MessageView>>();

  constructor(initial: Record<string, number> = {}) {
    for (const [threadId, seq] of Object.entries(initial)) this.last.set(threadId, seq);
  }

  /** Returns the messages that become deliverable, in order (possibly none). */
  accept(message: MessageView): MessageView[] {
    const last = this.last.get(message.threadId) ?? 0;
    if (message.seq <= last) return [];
    const held = this.held.get(message.threadId) ?? new Map<number, MessageView>();
    held.set(message.seq, message);
    this.held.set(message.threadId, held);
    const ready: MessageView[] = [];
    let next = last + 1;
    while (held.has(next)) {
      ready.push(held.get(next) as MessageView);
      held.delete(next);
      next++;
    }
    this.last.set(message.threadId, next - 1);
    return ready;
  }

  /** True when a later message is held, waiting for a missing one. */
  hasGap(threadId: string): boolean {
    return (this.held.get(threadId)?.size ?? 0) > 0;
  }

  /** What to send with `sync`. */
  positions(): Record<string, number> {
    return Object.fromEntries(this.last);
  }
}

import { Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';

/**
 * Leaving the cluster on SIGTERM without dropping work: stop accepting
 * connections (the balancer sends new ones to the other instances), close
 * the live connections (socket.io clients reconnect through the balancer,
 * elsewhere), let in-flight requests finish, then let the app close.
 * Called by main.ts before Nest's shutdown hooks, which close the database.
 */
@Injectable()
export class GracefulDrain {
  private readonly logger = new Logger('GracefulDrain');
  private readonly hooks: { name: string; run: () => void | Promise<void> }[] = [];
  private draining = false;
  private active = 0;

  get isDraining(): boolean {
    return this.draining;
  }

  get inFlight(): number {
    return this.active;
  }

  /** Something to close when draining starts (e.g. the socket.io connections). */
  onDrain(name: string, run: () => void | Promise<void>): void {
    this.hooks.push({ name, run });
  }

  /** Express middleware: counts in-flight requests; once draining, answers close their connection. */
  readonly middleware = (_req: Request, res: Response, next: NextFunction): void => {
    this.active++;
    if (this.draining) res.setHeader('Connection', 'close');
    res.once('close', () => this.active--);
    next();
  };

  /** Resolves when no request is in flight, or after `graceMs` (then the remaining connections are cut). */
  async drain(server: Server, graceMs: number): Promise<{ unfinished: number }> {
    this.draining = true;
    server.close();
    for (const hook of this.hooks) {
      try {
        await hook.run();
      } catch (error) {
        this.logger.warn(`drain step "${hook.name}" failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const deadline = Date.now() + graceMs;
    // Keep-alive connections are closed as soon as their last response is out.
    server.closeIdleConnections();
    while (this.active > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      server.closeIdleConnections();
    }
    const unfinished = this.active;
    server.closeAllConnections();
    return { unfinished };
  }
}

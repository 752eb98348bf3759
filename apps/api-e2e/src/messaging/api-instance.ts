/**
 * A second API process on the e2e database, which a test can stop and start
 * again: "after an API restart" without disturbing the shared instance.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { databaseUrl } from './other-practice';

const WORKSPACE_ROOT = resolve(__dirname, '..', '..', '..', '..');

export class ApiInstance {
  private child: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(process.execPath, [resolve(WORKSPACE_ROOT, 'dist/apps/api/main.js')], {
      cwd: WORKSPACE_ROOT,
      stdio: 'ignore',
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl(),
        DATA_DIR: process.env['PASSERELLE_E2E_DATA_DIR'],
        NODE_ENV: 'test',
        SESSION_COOKIE_SECURE: 'false',
      },
    });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${this.url}/ready`)).status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('second API instance not ready');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((done) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      child.kill('SIGTERM');
    });
    this.child = null;
  }
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

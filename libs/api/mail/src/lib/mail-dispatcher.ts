import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@passerelle/api/config';
import { Metrics, PollingWorker, retryDelayMs } from '@passerelle/api/platform';
import { SmtpMailTransport } from './mail-transports';
import { OutboxRepository } from './outbox.repository';

const BATCH = 20;
const LEASE_MS = 60_000;

/**
 * With SMTP_URL: sends the PENDING e-mails of the outbox. Runs on every
 * instance; the claim (SKIP LOCKED, under a lease) gives each e-mail to one
 * of them, and an e-mail whose sender died is taken again after the lease —
 * so only a crash between the SMTP server's "250 OK" and the SENT mark can
 * send one twice. Failures are retried with exponential backoff.
 */
@Injectable()
export class MailDispatcher implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MailDispatcher');
  private readonly worker: PollingWorker;
  private readonly smtp: SmtpMailTransport | null;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {
    this.smtp = config.mail.smtpUrl ? new SmtpMailTransport(config.mail.smtpUrl, config.mail.from) : null;
    this.worker = new PollingWorker(config.mail.outboxPollMs, () => this.sendDue(), (error) =>
      this.logger.error(`e-mail dispatch failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  onModuleInit(): void {
    this.metrics.gauge('passerelle_mail_outbox_backlog', 'E-mails waiting to be sent by SMTP.', () => this.outbox.pendingCount());
  }

  onApplicationBootstrap(): void {
    if (this.smtp) this.worker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker.stop();
    this.smtp?.close();
  }

  /** One pass over the due e-mails. */
  async sendDue(): Promise<void> {
    const smtp = this.smtp;
    if (!smtp) return;
    for (const email of await this.outbox.claimDue(BATCH, LEASE_MS)) {
      try {
        await smtp.send(email);
        await this.outbox.markSent(email.id);
      } catch (error) {
        const attempts = email.attempts + 1;
        const cause = (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
        await this.outbox.markFailed(email.id, attempts, new Date(Date.now() + retryDelayMs(attempts, this.config.mail.retryBaseMs)), cause);
        this.logger.warn({ emailId: email.id, attempts, cause }, 'SMTP server did not take the e-mail; will retry');
      }
    }
  }
}

import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@passerelle/api/config';
import { Metrics, PollingWorker, retryDelayMs } from '@passerelle/api/platform';
import { appointmentIdentifierSystem, appointmentResource } from './appointment-resource';
import { SasNotificationRepository } from './sas-notification.repository';
import { SasPlatformClient } from './sas-platform-client';

const BATCH = 20;
const LEASE_MS = 60_000;

const causeOf = (error: unknown): string => {
  const e = error as { message?: string; cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
};

/**
 * INT_R03: reports each change of an appointment a regulator booked to the
 * SAS platform — POST the first time, then conditional PUT on our
 * identifier — from the durable outbox the database fills. A failure
 * (platform down, refusal) is retried with exponential backoff; nothing is
 * dropped. Runs on every instance: SKIP LOCKED shares the work, and a
 * notification is claimed by one instance at a time (the lease); if that
 * instance dies before marking it sent, another takes it after the lease —
 * so the platform may, in that one case, receive it twice.
 */
@Injectable()
export class SasNotificationDispatcher implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SasNotifications');
  private readonly worker: PollingWorker;

  constructor(
    private readonly outbox: SasNotificationRepository,
    private readonly platform: SasPlatformClient,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {
    this.worker = new PollingWorker(config.sas.outboxPollMs, () => this.dispatchDue(), (error) => this.logger.error({ cause: causeOf(error) }, 'INT_R03 dispatch failed'));
  }

  onModuleInit(): void {
    this.metrics.gauge('passerelle_sas_notification_outbox_backlog', 'INT_R03 notifications not yet accepted by the SAS platform.', () => this.outbox.pendingCount());
  }

  onApplicationBootstrap(): void {
    if (this.platform.configured) this.worker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker.stop();
    await this.platform.close();
  }

  /** One pass over the due notifications. */
  async dispatchDue(): Promise<void> {
    const claimed = await this.outbox.claimDue(BATCH, LEASE_MS);
    for (const notification of claimed) {
      const found = await this.outbox.facts(notification.appointmentId);
      if (!found) {
        await this.outbox.markSent(notification.id);
        continue;
      }
      const system = appointmentIdentifierSystem(this.config.publicUrl);
      const resource = appointmentResource(found.facts, system);
      try {
        if (found.alreadySent) {
          await this.platform.send('PUT', `/Appointment?identifier=${encodeURIComponent(`${system}|${found.facts.id}`)}`, resource);
        } else {
          await this.platform.send('POST', '/Appointment', resource);
        }
        await this.outbox.markSent(notification.id);
      } catch (error) {
        const attempts = notification.attempts + 1;
        const cause = causeOf(error);
        await this.outbox.markFailed(notification.id, attempts, new Date(Date.now() + retryDelayMs(attempts, this.config.sas.outboxRetryBaseMs)), cause);
        this.logger.warn({ notificationId: notification.id, attempts, cause }, 'SAS platform did not take the appointment; will retry');
      }
    }
  }
}

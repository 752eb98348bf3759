import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '@passerelle/api/config';
import { GracefulDrain } from './graceful-drain';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { connectRedis, REDIS } from './redis';
import { ScheduledJobRunRepository } from './scheduled-job-run.repository';
import { ScheduledJobs } from './scheduled-jobs';

/**
 * What running as one of several instances needs: the shared Redis (or
 * null), metrics, jobs that run once across instances, and the drain on
 * SIGTERM. Imported by the modules that register jobs or gauges.
 */
@Module({
  controllers: [MetricsController],
  providers: [
    Metrics,
    GracefulDrain,
    ScheduledJobRunRepository,
    ScheduledJobs,
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Redis | null => (config.cluster.redisUrl ? connectRedis(config.cluster.redisUrl, `passerelle-${config.cluster.instanceId}`) : null),
    },
  ],
  exports: [Metrics, GracefulDrain, ScheduledJobs, REDIS],
})
export class OperationsModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}

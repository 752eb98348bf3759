import { Logger } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';

type Record = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Rate-limit counters shared by the instances (in Redis, through
 * @nest-lab/throttler-storage-redis). When Redis cannot answer, each
 * instance counts on its own until it is back — the limits still hold, per
 * instance — instead of failing every request with a 500.
 */
export class SharedThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('Throttling');
  private readonly local = new ThrottlerStorageService();
  private degraded = false;

  constructor(private readonly shared: ThrottlerStorage) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<Record> {
    try {
      const record = await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
      if (this.degraded) {
        this.degraded = false;
        this.logger.log('Redis answers again: rate limits are counted across instances');
      }
      return record;
    } catch (error) {
      if (!this.degraded) {
        this.degraded = true;
        this.logger.warn(`Redis unavailable (${error instanceof Error ? error.message : String(error)}): rate limits counted per instance until it is back`);
      }
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }
}

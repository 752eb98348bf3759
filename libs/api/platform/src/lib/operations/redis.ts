import { Logger } from '@nestjs/common';
import Redis from 'ioredis';

/** The shared Redis (REDIS_URL), or null for a single process. */
export const REDIS = Symbol('REDIS');

/**
 * A connection to the shared Redis. Commands wait (offline queue) while it
 * reconnects, and fail after a few retries so a request does not hang; the
 * error is logged without the URL (it may carry a password).
 */
export function connectRedis(url: string, name: string): Redis {
  const logger = new Logger('Redis');
  const redis = new Redis(url, { connectionName: name, maxRetriesPerRequest: 3, enableAutoPipelining: true });
  let lastError = '';
  redis.on('error', (error: Error & { code?: string }) => {
    const what = error.code ?? error.message;
    if (what !== lastError) logger.warn(`redis connection problem: ${what}`);
    lastError = what;
  });
  redis.on('ready', () => (lastError = ''));
  return redis;
}

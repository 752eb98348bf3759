import { Logger } from '@nestjs/common';
import Redis from 'ioredis';

/** The shared Redis (REDIS_URL), or null for a single process. */
export const REDIS = Symbol('REDIS');

/**
 * A connection to the shared Redis. While it is down, commands fail at once
 * (no offline queue) instead of holding requests for seconds: callers fall
 * back (rate limits counted per instance, live events not relayed) and it
 * reconnects by itself. The error is logged without the URL (it may carry a
 * password).
 */
export function connectRedis(url: string, name: string): Redis {
  const logger = new Logger('Redis');
  // No auto-pipelining: with the offline queue off, ioredis 5 leaves a rejected pipeline unhandled, which ends the process.
  const redis = new Redis(url, { connectionName: name, enableOfflineQueue: false });
  let lastError = '';
  redis.on('error', (error: Error & { code?: string }) => {
    const what = error.code ?? error.message;
    if (what !== lastError) logger.warn(`redis connection problem: ${what}`);
    lastError = what;
  });
  redis.on('ready', () => (lastError = ''));
  return redis;
}

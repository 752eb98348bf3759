import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type Redis from 'ioredis';
import { Logger } from 'nestjs-pino';
import { AppConfig, ConfigurationError, validateEnvironment } from '@passerelle/api/config';
import { SQL_DRIVER, SqlDriver } from '@passerelle/api/database';
import { GracefulDrain, REDIS, RedisIoAdapter, withAdvisoryLock } from '@passerelle/api/platform';
import { AppModule } from './app.module';
import { seedDemoData } from './demo-data';
import { configureHttp } from './http-server';

async function bootstrap(): Promise<void> {
  // Validate before Nest starts, so a bad value gives one clear line and exit 1.
  const config = new AppConfig(validateEnvironment(process.env));
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, bodyParser: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  const redis = app.get<Redis | null>(REDIS);
  if (redis) app.useWebSocketAdapter(new RedisIoAdapter(app, redis));
  configureHttp(app, config);
  if (config.seedDemoData) {
    // Instances starting together on an empty database: one seeds, the others wait and find it seeded.
    await withAdvisoryLock(app.get<SqlDriver>(SQL_DRIVER), 'demo-seed', 'wait', async () => {
      if (await seedDemoData(app, true)) logger.log('empty database: demo accounts created (see README)');
    });
  }
  const server = await app.listen(config.port, config.host);
  // Keep-alive connections must not hold a shutdown open.
  server.keepAliveTimeout = 5_000;

  // SIGTERM (or Ctrl-C): stop accepting, close the live connections, finish
  // in-flight requests, then Nest's shutdown hooks (workers, database, Redis).
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    setTimeout(() => process.exit(1), config.cluster.shutdownGraceMs + 15_000).unref();
    logger.log(`${signal}: draining (${config.cluster.instanceId})`);
    const { unfinished } = await app.get(GracefulDrain).drain(server, config.cluster.shutdownGraceMs);
    if (unfinished > 0) logger.warn(`${unfinished} request(s) still running after ${config.cluster.shutdownGraceMs} ms: their connections were closed`);
    await app.close();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));

  const mode = redis ? `one of several instances (${config.cluster.instanceId}, Redis)` : 'single process';
  logger.log(`Passerelle listening on ${config.publicUrl} (${config.embeddedDatabase ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}, ${mode})`);
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof ConfigurationError ? error.message : `Start-up failed: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});

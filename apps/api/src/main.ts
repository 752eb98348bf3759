import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppConfig, ConfigurationError, validateEnvironment } from '@passerelle/api/config';
import { AppModule } from './app.module';
import { seedDemoData } from './demo-data';
import { configureHttp } from './http-server';

async function bootstrap(): Promise<void> {
  // Validate before Nest starts, so a bad value gives one clear line and exit 1.
  const config = new AppConfig(validateEnvironment(process.env));
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  configureHttp(app, config);
  if (config.seedDemoData && (await seedDemoData(app, true))) {
    app.get(Logger).log('empty database: demo accounts created (see README)');
  }
  const server = await app.listen(config.port, config.host);
  // Keep-alive connections must not hold a shutdown open.
  server.keepAliveTimeout = 5_000;
  app.get(Logger).log(`Passerelle listening on ${config.publicUrl} (${config.embeddedDatabase ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`);
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof ConfigurationError ? error.message : `Start-up failed: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});

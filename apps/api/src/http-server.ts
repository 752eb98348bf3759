import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '@passerelle/api/config';
import { FHIR_JSON, operationOutcomeOf } from '@passerelle/api/fhir';
import { contractValidationPipe, errorBody, GracefulDrain, Metrics } from '@passerelle/api/platform';

/** Largest JSON body accepted (files have their own streamed endpoints). */
export const JSON_BODY_LIMIT = '100kb';

/** HTTP hardening, validation, OpenAPI and the web app, shared by main.ts and the tests. */
export function configureHttp(app: NestExpressApplication, config: AppConfig): INestApplication {
  app.set('trust proxy', config.trustProxyHops);
  app.disable('x-powered-by');
  // No ETag on API answers: Express would hash every JSON body (a slot list
  // is ~230 KB) for answers that depend on "now" and that no client
  // revalidates. The web app's files keep theirs (express.static sets its own).
  app.set('etag', false);
  // First, so that every request is counted: in flight (for the drain on SIGTERM), rate and latency (/metrics).
  app.use(app.get(GracefulDrain).middleware);
  app.use(app.get(Metrics).httpMiddleware);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: config.sessionCookieSecure ? [] : null,
        },
      },
      strictTransportSecurity: config.sessionCookieSecure,
    }),
  );
  app.use(cookieParser());
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: JSON_BODY_LIMIT, extended: false });
  // Malformed or oversized bodies are refused here, before any route runs.
  app.use((error: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!error) {
      return next();
    }
    const body = errorBody(error);
    if (/^\/fhir(\/|$)/.test(req.path)) {
      res.status(body.statusCode).type(FHIR_JSON).send(JSON.stringify(operationOutcomeOf(body)));
      return;
    }
    res.status(body.statusCode).json(body);
  });
  app.useGlobalPipes(contractValidationPipe());

  const openApi = new DocumentBuilder()
    .setTitle('Passerelle API')
    .setDescription('Portail de santé : messagerie sécurisée, agenda, SAS.')
    .addCookieAuth('passerelle_session')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));

  serveWebApp(app);
  return app;
}

/** The built Angular app (dist/apps/web/browser), with deep links falling back to index.html. */
function serveWebApp(app: NestExpressApplication): void {
  const dir = process.env['WEB_DIST_DIR'] ?? join(__dirname, '..', 'web', 'browser');
  if (!existsSync(join(dir, 'index.html'))) {
    return;
  }
  app.use(express.static(dir, { index: false, maxAge: '1h' }));
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    const apiPath = /^\/(api|health|ready|metrics|socket\.io|fhir)(\/|$)/.test(req.path);
    if (req.method !== 'GET' || apiPath || !req.accepts('html')) {
      return next();
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dir, 'index.html'));
  });
}

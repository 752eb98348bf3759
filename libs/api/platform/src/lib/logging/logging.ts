import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Params } from 'nestjs-pino';

/** One-time link tokens (43 base64url characters) are credentials: never in the logs. */
export const withoutLinkTokens = (path: string): string => path.replace(/\/[A-Za-z0-9_-]{43}(?=\/|$)/g, '/[jeton]');

/**
 * Structured JSON logs (pino) with no personal data: no bodies, no query
 * strings (they may hold names or e-mails), no cookies or authorization
 * headers, no one-time link tokens. Each request gets an id, echoed in X-Request-Id and the audit trail.
 */
export function loggingOptions(level: string): Params {
  return {
    pinoHttp: {
      level,
      genReqId: (req: IncomingMessage) => {
        const given = req.headers['x-request-id'];
        return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
      },
      redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-xsrf-token"]', 'res.headers["set-cookie"]'], remove: true },
      serializers: {
        req: (req: { id: string; method: string; url: string; headers: Record<string, unknown> }) => ({
          id: req.id,
          method: req.method,
          path: withoutLinkTokens(req.url.split('?')[0]),
          userAgent: req.headers['user-agent'],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customProps: () => ({ service: 'passerelle-api' }),
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/ready' || req.url === '/metrics' },
    },
  };
}

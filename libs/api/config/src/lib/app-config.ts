import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EnvironmentVariables } from './environment';

/** The validated configuration the rest of the API injects. */
export class AppConfig {
  readonly nodeEnv: EnvironmentVariables['NODE_ENV'];
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly publicUrl: string;
  readonly sessionCookieSecure: boolean;
  readonly logLevel: string;
  readonly seedDemoData: boolean;
  readonly trustProxyHops: number;
  /** Pro Santé Connect, when configured (issuer, client id and secret all set). */
  readonly psc: { issuer: string; clientId: string; clientSecret: string; scope: string } | null;
  readonly mail: { smtpUrl: string | undefined; from: string };
  /** The national SAS platform: the certificate it must present, and where SAS appointments are reported. */
  readonly sas: {
    clientCn: string | undefined;
    clientOu: string | undefined;
    dnHeader: string;
    verifyHeader: string;
    platformUrl: string | undefined;
    platformTls: { certFile: string | undefined; keyFile: string | undefined; caFile: string | undefined };
    outboxPollMs: number;
    outboxRetryBaseMs: number;
  };
  private readonly secretKeyValue: string | undefined;

  constructor(env: EnvironmentVariables) {
    this.nodeEnv = env.NODE_ENV;
    this.port = env.PORT;
    this.host = env.HOST;
    this.dataDir = resolve(env.DATA_DIR);
    this.databaseUrl = env.DATABASE_URL;
    this.publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
    this.sessionCookieSecure = env.SESSION_COOKIE_SECURE ?? this.publicUrl.startsWith('https://');
    this.logLevel = env.LOG_LEVEL;
    this.seedDemoData = env.SEED_DEMO_DATA;
    this.trustProxyHops = env.TRUST_PROXY_HOPS;
    this.secretKeyValue = env.SECRET_KEY;
    this.psc = env.PSC_ISSUER && env.PSC_CLIENT_ID && env.PSC_CLIENT_SECRET ? { issuer: env.PSC_ISSUER, clientId: env.PSC_CLIENT_ID, clientSecret: env.PSC_CLIENT_SECRET, scope: env.PSC_SCOPE } : null;
    this.mail = { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM };
    this.sas = {
      clientCn: env.SAS_CLIENT_CN || undefined,
      clientOu: env.SAS_CLIENT_OU || undefined,
      dnHeader: env.SAS_CLIENT_DN_HEADER.toLowerCase(),
      verifyHeader: env.SAS_CLIENT_VERIFY_HEADER.toLowerCase(),
      platformUrl: env.SAS_PLATFORM_URL?.replace(/\/$/, ''),
      platformTls: { certFile: env.SAS_PLATFORM_CERT_FILE, keyFile: env.SAS_PLATFORM_KEY_FILE, caFile: env.SAS_PLATFORM_CA_FILE },
      outboxPollMs: env.SAS_OUTBOX_POLL_MS,
      outboxRetryBaseMs: env.SAS_OUTBOX_RETRY_BASE_MS,
    };
  }

  /** True when no DATABASE_URL is set: PGlite under DATA_DIR. */
  get embeddedDatabase(): boolean {
    return !this.databaseUrl;
  }

  /**
   * The 32-byte key that seals secrets at rest. From SECRET_KEY, or, for the
   * embedded single-instance set-up, a key generated once into DATA_DIR
   * (mode 0600) so that `npm start` needs no configuration.
   */
  secretKey(): Buffer {
    if (this.secretKeyValue) {
      return Buffer.from(this.secretKeyValue, this.secretKeyValue.length === 64 ? 'hex' : 'base64');
    }
    const file = join(this.dataDir, 'secret.key');
    if (!existsSync(file)) {
      mkdirSync(this.dataDir, { recursive: true });
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    }
    chmodSync(file, 0o600);
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  }
}

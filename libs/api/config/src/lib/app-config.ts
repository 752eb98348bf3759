import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
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
  readonly mail: { smtpUrl: string | undefined; from: string; outboxPollMs: number; retryBaseMs: number };
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
  /** Several instances: Redis (null = single process), shared file directory, metrics, scheduled jobs, shutdown. */
  readonly cluster: {
    redisUrl: string | null;
    instanceId: string;
    fileStoreDir: string | null;
    metricsToken: string | null;
    scheduledJobs: boolean;
    scheduledJobsTickMs: number;
    shutdownGraceMs: number;
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
    this.mail = { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, outboxPollMs: env.MAIL_OUTBOX_POLL_MS, retryBaseMs: env.MAIL_RETRY_BASE_MS };
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
    this.cluster = {
      redisUrl: env.REDIS_URL ?? null,
      instanceId: env.INSTANCE_ID ?? `${hostname()}-${process.pid}`,
      fileStoreDir: env.FILE_STORE_DIR ? resolve(env.FILE_STORE_DIR) : null,
      metricsToken: env.METRICS_TOKEN ?? null,
      scheduledJobs: env.SCHEDULED_JOBS ?? env.NODE_ENV !== 'test',
      scheduledJobsTickMs: env.SCHEDULED_JOBS_TICK_MS,
      shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    };
  }

  /** Root of a kind of stored files: FILE_STORE_DIR/<kind> when set (shared by the instances), else `embeddedDefault` under DATA_DIR. */
  fileDirectory(kind: 'messaging' | 'sas-attachments', embeddedDefault: string): string {
    return this.cluster.fileStoreDir ? join(this.cluster.fileStoreDir, kind) : join(this.dataDir, embeddedDefault);
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

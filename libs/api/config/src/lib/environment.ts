import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase()) ? true : ['0', 'false', 'no', 'off'].includes(String(value).toLowerCase()) ? false : value;

/** Environment variables the API reads. README "Configuration" lists them. */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'], { message: 'must be development, production or test' })
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : Number(value)))
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be between 0 and 65535' })
  @Max(65535, { message: 'must be between 0 and 65535' })
  PORT = 3000;

  @IsOptional()
  @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @IsString()
  DATA_DIR = './data';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /** Public base URL, used for links in e-mails and to decide on Secure cookies. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'must be an http(s) URL' })
  PUBLIC_URL?: string;

  /** Forces the Secure cookie flag; by default it is on unless PUBLIC_URL is plain http. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  SESSION_COOKIE_SECURE?: boolean;

  /** 32 bytes, base64 or hex: seals TOTP secrets. Generated into DATA_DIR when absent (single instance only). */
  @IsOptional()
  @Matches(/^([0-9a-f]{64}|[A-Za-z0-9+/]{43}=)$/, { message: 'must be 32 bytes in hex (64 chars) or base64 (44 chars)' })
  SECRET_KEY?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'must be a pino level (fatal … trace, silent)' })
  LOG_LEVEL = 'info';

  /** Seed the demo accounts when the database is empty. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  SEED_DEMO_DATA = true;

  /** Number of reverse proxies in front of the API (for the client IP in the audit trail). */
  @Transform(({ value }) => (value === undefined || value === '' ? 0 : Number(value)))
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be 0 or more' })
  TRUST_PROXY_HOPS = 0;

  /** SMTP server for e-mails (smtp:// or smtps://); without it, e-mails stay in the outbox table an admin reads. */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** Sender of the e-mails. */
  @IsOptional()
  @Matches(/^([^<>\n]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/, { message: 'must be an e-mail address, optionally "Name <address>"' })
  MAIL_FROM = 'Passerelle <ne-pas-repondre@passerelle.localhost>';

  /** How often each instance looks for e-mails to send by SMTP (ms). */
  @Transform(({ value }) => (value === undefined || value === '' ? 2000 : Number(value)))
  @IsInt({ message: 'must be a whole number' })
  @Min(50, { message: 'must be 50 or more' })
  MAIL_OUTBOX_POLL_MS = 2000;

  /** First retry delay of an e-mail the SMTP server did not take (ms); doubles at each failure, at most one hour. */
  @Transform(({ value }) => (value === undefined || value === '' ? 30_000 : Number(value)))
  @IsInt({ message: 'must be a whole number' })
  @Min(50, { message: 'must be 50 or more' })
  MAIL_RETRY_BASE_MS = 30_000;

  /** Subject CN the national SAS platform's client certificate must carry (checked behind the TLS terminator). */
  @IsOptional()
  @IsString()
  SAS_CLIENT_CN?: string;

  /** Subject OU the national SAS platform's client certificate must carry. */
  @IsOptional()
  @IsString()
  SAS_CLIENT_OU?: string;

  /** Header in which the TLS terminator passes the verified client certificate's subject DN (RFC 2253). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'must be an HTTP header name' })
  SAS_CLIENT_DN_HEADER = 'X-SSL-Client-S-DN';

  /** Header in which the TLS terminator passes the verification result (SUCCESS when the chain and revocation checks passed). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'must be an HTTP header name' })
  SAS_CLIENT_VERIFY_HEADER = 'X-SSL-Client-Verify';

  /** FHIR base URL of the national SAS platform, where SAS appointments are reported (INT_R03). Unset: nothing is sent. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'must be an http(s) URL' })
  SAS_PLATFORM_URL?: string;

  /** Client certificate (PEM file, IGC-Santé) presented to the SAS platform, with its key; optional CA bundle to trust it. */
  @IsOptional()
  @IsString()
  SAS_PLATFORM_CERT_FILE?: string;

  @IsOptional()
  @IsString()
  SAS_PLATFORM_KEY_FILE?: string;

  @IsOptional()
  @IsString()
  SAS_PLATFORM_CA_FILE?: string;

  /** How often the INT_R03 outbox is polled (ms). */
  @Transform(({ value }) => (value === undefined || value === '' ? 5000 : Number(value)))
  @IsInt({ message: 'must be a whole number' })
  @Min(50, { message: 'must be 50 or more' })
  SAS_OUTBOX_POLL_MS = 5000;

  /** First retry delay of a failed INT_R03 notification (ms); doubles at each failure, at most one hour. */
  @Transform(({ value }) => (value === undefined || value === '' ? 5000 : Number(value)))
  @IsInt({ message: 'must be a whole number' })
  @Min(50, { message: 'must be 50 or more' })
  SAS_OUTBOX_RETRY_BASE_MS = 5000;

  /** Pro Santé Connect (OpenID Connect) issuer, e.g. https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet. Unset: no PSC login. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  PSC_ISSUER?: string;

  @IsOptional()
  @IsString()
  PSC_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  PSC_CLIENT_SECRET?: string;

  /** Scopes asked of Pro Santé Connect. */
  @IsOptional()
  @IsString()
  PSC_SCOPE = 'openid scope_all';

  /**
   * Redis shared by every API instance (rate-limit counters, socket.io
   * events between instances). Unset: single process, both in memory.
   */
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Directory for stored files (attachments), shared by every instance (e.g. an NFS mount). Unset: under DATA_DIR. */
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'must be a directory path' })
  FILE_STORE_DIR?: string;

  /** Bearer token that opens GET /metrics to a Prometheus server; without it, only direct loopback requests may read it. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._~+/=-]{24,}$/, { message: 'must be at least 24 characters (letters, digits, ._~+/=-)' })
  METRICS_TOKEN?: string;

  /** Run the scheduled jobs (once across all instances). Default: on, except when NODE_ENV=test. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  SCHEDULED_JOBS?: boolean;

  /** How often each instance checks whether a scheduled job is due (ms). */
  @Transform(({ value }) => (value === undefined || value === '' ? 60_000 : Number(value)))
  @IsInt({ message: 'must be a whole number' })
  @Min(50, { message: 'must be 50 or more' })
  SCHEDULED_JOBS_TICK_MS = 60_000;

  /** On SIGTERM: how long in-flight requests may take to finish before their connections are cut (ms). */
  @Transform(({ value }) => (value === undefined || value === '' ? 25_000 : Number(value)))
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be 0 or more' })
  SHUTDOWN_GRACE_MS = 25_000;

  /** Name of this instance in logs, metrics and job records. Default: host name and process id. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,64}$/, { message: 'must be 1-64 letters, digits or ._:-' })
  INSTANCE_ID?: string;
}

export class ConfigurationError extends Error {}

/**
 * Validates process.env once at start. A bad value stops start-up with one
 * line naming every wrong variable, e.g. `Invalid configuration: PORT must be
 * a whole number (got "abc")`.
 */
export function validateEnvironment(env: Record<string, string | undefined>): EnvironmentVariables {
  const config = plainToInstance(EnvironmentVariables, { ...env }, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    const parts = errors.map((e) => {
      const why = [...new Set(Object.values(e.constraints ?? {}))].join(', ');
      const shown = ['DATABASE_URL', 'SECRET_KEY', 'SMTP_URL', 'PSC_CLIENT_SECRET', 'REDIS_URL', 'METRICS_TOKEN'].includes(e.property) ? '(value hidden)' : `(got ${JSON.stringify(env[e.property])})`;
      return `${e.property} ${why} ${shown}`;
    });
    throw new ConfigurationError(`Invalid configuration: ${parts.join('; ')}`);
  }
  if (config.REDIS_URL && !config.SECRET_KEY) {
    // Each instance would otherwise generate its own key into its DATA_DIR and could not open the others' sealed secrets.
    throw new ConfigurationError('Invalid configuration: SECRET_KEY is required when REDIS_URL is set (every instance must use the same key)');
  }
  return config;
}

import { ConfigurationError, validateEnvironment } from './environment';
import { AppConfig } from './app-config';

describe('validateEnvironment', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = new AppConfig(validateEnvironment({}));
    expect(config.port).toBe(3000);
    expect(config.embeddedDatabase).toBe(true);
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.sessionCookieSecure).toBe(false);
  });

  it('turns Secure cookies on for an https public URL', () => {
    expect(new AppConfig(validateEnvironment({ PUBLIC_URL: 'https://passerelle.example' })).sessionCookieSecure).toBe(true);
  });

  it('stops with one line naming every bad variable, hiding secrets', () => {
    let error: unknown;
    try {
      validateEnvironment({ PORT: 'abc', DATABASE_URL: 'mysql://user:secret@host/db' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/PORT [^;]*must be a whole number/);
    expect(message).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL (value hidden)');
    expect(message).not.toContain('secret');
  });

  it('accepts a PostgreSQL URL', () => {
    expect(new AppConfig(validateEnvironment({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' })).embeddedDatabase).toBe(false);
  });
});

describe('several instances', () => {
  const KEY = 'a'.repeat(64);

  it('keeps the single-process defaults without REDIS_URL', () => {
    const config = new AppConfig(validateEnvironment({}));
    expect(config.cluster).toMatchObject({ redisUrl: null, fileStoreDir: null, metricsToken: null, scheduledJobs: true, scheduledJobsTickMs: 60_000, shutdownGraceMs: 25_000 });
    expect(config.fileDirectory('messaging', 'files/messaging')).toMatch(/\/data\/files\/messaging$/);
    expect(config.fileDirectory('sas-attachments', 'sas-attachments')).toMatch(/\/data\/sas-attachments$/);
  });

  it('does not run scheduled jobs under NODE_ENV=test unless asked', () => {
    expect(new AppConfig(validateEnvironment({ NODE_ENV: 'test' })).cluster.scheduledJobs).toBe(false);
    expect(new AppConfig(validateEnvironment({ NODE_ENV: 'test', SCHEDULED_JOBS: 'true' })).cluster.scheduledJobs).toBe(true);
  });

  it('puts every kind of file under FILE_STORE_DIR when it is set', () => {
    const config = new AppConfig(validateEnvironment({ FILE_STORE_DIR: '/mnt/passerelle-files', REDIS_URL: 'redis://127.0.0.1:6379', SECRET_KEY: KEY }));
    expect(config.fileDirectory('messaging', 'files/messaging')).toBe('/mnt/passerelle-files/messaging');
    expect(config.fileDirectory('sas-attachments', 'sas-attachments')).toBe('/mnt/passerelle-files/sas-attachments');
    expect(config.cluster.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('requires SECRET_KEY with REDIS_URL: each instance would otherwise seal with its own key', () => {
    expect(() => validateEnvironment({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow('SECRET_KEY is required when REDIS_URL is set');
  });

  it('refuses a malformed REDIS_URL and a short METRICS_TOKEN without echoing them', () => {
    let error: unknown;
    try {
      validateEnvironment({ REDIS_URL: 'http://user:hunter2@host', METRICS_TOKEN: 'short-secret', SECRET_KEY: KEY });
    } catch (e) {
      error = e;
    }
    const message = (error as Error).message;
    expect(message).toContain('REDIS_URL must be a redis:// or rediss:// URL (value hidden)');
    expect(message).toContain('METRICS_TOKEN must be at least 24 characters');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('short-secret');
  });
});

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

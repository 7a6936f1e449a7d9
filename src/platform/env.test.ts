import { describe, expect, it } from 'vitest';
import { ConfigError, formatConfigError, loadConfig } from './env';

describe('configuration', () => {
  it('defaults to port 3000, the embedded database under ./data and demo data on', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'pglite-file', url: 'file:./data/aqb', dataDir: './data/aqb' });
    expect(config.demo).toBe(true);
  });

  it('listens on loopback unless HOST says otherwise, and trusts no proxy unless TRUSTED_PROXIES lists it', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8 ,::1, fd00::/8' }).trustedProxies).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']);
  });

  it('has no metrics endpoint token unless METRICS_TOKEN sets one', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: '0123456789abcdef0123456789abcdef' }).metricsToken).toBe('0123456789abcdef0123456789abcdef');
  });

  it('keeps mails in the outbox without SMTP_URL, and refuses a mail server address that is not smtp(s)://', () => {
    const config = loadConfig({});
    expect(config.smtpUrl).toBeUndefined();
    expect(config.mailFrom).toBe('AQB-Steuerung <aqb-steuerung@localhost>');
    expect(config.baseUrl).toBe('http://localhost:3000');
    const set = loadConfig({ SMTP_URL: 'smtp://aqb:geheim@mail.example.org:587', MAIL_FROM: 'AQB <aqb@hessen.example>', AQB_BASIS_URL: 'https://aqb.example.org/' });
    expect([set.smtpUrl, set.mailFrom, set.baseUrl]).toEqual(['smtp://aqb:geheim@mail.example.org:587', 'AQB <aqb@hessen.example>', 'https://aqb.example.org']);
    expect(() => loadConfig({ SMTP_URL: 'mail.example.org' })).toThrow(/SMTP_URL: muss mit smtp:\/\/ oder smtps:\/\//);
    expect(() => loadConfig({ MAIL_FROM: 'niemand' })).toThrow(/MAIL_FROM/);
    expect(() => loadConfig({ AQB_BASIS_URL: 'aqb.example.org' })).toThrow(/AQB_BASIS_URL/);
  });

  it('turns demo data off by default on PostgreSQL and on with AQB_DEMO=1', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', AQB_DEMO: '1' }).demo).toBe(true);
    expect(loadConfig({ AQB_DEMO: '0' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'memory://' }).database.kind).toBe('pglite-memory');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ AQB_DEMO: 'ja' }, 'AQB_DEMO'],
    [{ TRUSTED_PROXIES: '127.0.0.1, proxy.intern' }, 'TRUSTED_PROXIES'],
    [{ TRUSTED_PROXIES: '10.0.0.0/33' }, 'TRUSTED_PROXIES'],
    [{ METRICS_TOKEN: 'kurz' }, 'METRICS_TOKEN'],
    [{ METRICS_TOKEN: 'mit leerzeichen aber lang genug 123' }, 'METRICS_TOKEN'],
  ])('a bad value stops with a German message naming the variable: %o', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = formatConfigError(error as ConfigError);
    expect(message).toContain('Konfiguration ist ungültig');
    expect(message).toContain(`${variable}:`);
  });
});

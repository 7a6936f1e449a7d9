import { describe, expect, it } from 'vitest';
import { ConfigError, formatConfigError, loadConfig } from './env';

describe('configuration', () => {
  it('defaults to port 3000, the embedded database under ./data and demo data on', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'pglite-file', url: 'file:./data/aqb', dataDir: './data/aqb' });
    expect(config.demo).toBe(true);
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

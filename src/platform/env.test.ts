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

  describe('sign-in with the Landeskonto (OIDC_*)', () => {
    const OIDC = {
      OIDC_ISSUER: 'https://login.hessen.example/realms/land',
      OIDC_CLIENT_ID: 'aqb-steuerung',
      OIDC_CLIENT_SECRET: 'geheim',
      OIDC_REDIRECT_URL: 'https://aqb.hessen.example/anmelden/landeskonto/rueckkehr',
    };

    it('is off without OIDC_ISSUER and on with issuer, client id, secret and redirect address', () => {
      expect(loadConfig({}).oidc).toBeUndefined();
      const oidc = loadConfig(OIDC).oidc!;
      expect(oidc).toMatchObject({ issuer: OIDC.OIDC_ISSUER, clientId: 'aqb-steuerung', clientSecret: 'geheim', redirectUrl: OIDC.OIDC_REDIRECT_URL });
      expect(oidc.postLogoutRedirectUrl).toBe('https://aqb.hessen.example/anmelden?abgemeldet');
      expect(oidc.scopes).toEqual(['openid', 'email', 'profile']);
      expect(oidc.roleClaim).toBeUndefined();
      expect(oidc.roleMap).toEqual({ hmsi: 'hmsi', district: 'district', rp: 'rp', admin: 'admin' });
      expect(oidc.mfaAmr).toEqual(['mfa', 'otp', 'hwk']);
      expect(oidc.mfaAcr).toEqual([]);
    });

    it('reads claim names, the role mapping and the second-factor values', () => {
      const oidc = loadConfig({
        ...OIDC,
        OIDC_SCOPES: 'openid email profile aqb',
        OIDC_ROLE_CLAIM: 'groups',
        OIDC_ROLE_MAP: 'HMSI-AQB=hmsi, GK-AQB-Koordination=district, RPKS=rp,AQB-Admin=admin',
        OIDC_DISTRICT_CLAIM: 'ags',
        OIDC_MFA_AMR: 'mfa, hwk',
        OIDC_MFA_ACR: 'urn:hessen:loa:substantiell urn:hessen:loa:hoch',
      }).oidc!;
      expect(oidc.scopes).toEqual(['openid', 'email', 'profile', 'aqb']);
      expect(oidc.roleMap).toEqual({ 'HMSI-AQB': 'hmsi', 'GK-AQB-Koordination': 'district', RPKS: 'rp', 'AQB-Admin': 'admin' });
      expect(oidc.districtClaim).toBe('ags');
      expect(oidc.mfaAmr).toEqual(['mfa', 'hwk']);
      expect(oidc.mfaAcr).toEqual(['urn:hessen:loa:substantiell', 'urn:hessen:loa:hoch']);
    });

    it('allows plain http only for a provider on loopback', () => {
      expect(loadConfig({ ...OIDC, OIDC_ISSUER: 'http://127.0.0.1:8080', OIDC_REDIRECT_URL: 'http://localhost:3000/anmelden/landeskonto/rueckkehr' }).oidc?.issuer).toBe('http://127.0.0.1:8080');
    });

    it.each([
      [{ OIDC_CLIENT_ID: 'x' }, 'OIDC_CLIENT_ID', 'OIDC_ISSUER fehlt'],
      [{ ...OIDC, OIDC_CLIENT_ID: '' }, 'OIDC_CLIENT_ID', 'fehlt'],
      [{ ...OIDC, OIDC_CLIENT_SECRET: undefined }, 'OIDC_CLIENT_SECRET', 'fehlt'],
      [{ ...OIDC, OIDC_REDIRECT_URL: undefined }, 'OIDC_REDIRECT_URL', 'Rücksprungadresse'],
      [{ ...OIDC, OIDC_ISSUER: 'http://login.hessen.example' }, 'OIDC_ISSUER', 'https://'],
      [{ ...OIDC, OIDC_ISSUER: 'kein url' }, 'OIDC_ISSUER', 'https://'],
      [{ ...OIDC, OIDC_REDIRECT_URL: 'https://aqb.hessen.example/callback' }, 'OIDC_REDIRECT_URL', 'muss auf /anmelden/landeskonto/rueckkehr enden'],
      [{ ...OIDC, OIDC_SCOPES: 'email profile' }, 'OIDC_SCOPES', 'openid'],
      [{ ...OIDC, OIDC_ROLE_CLAIM: 'groups', OIDC_ROLE_MAP: 'HMSI-AQB=ministerium' }, 'OIDC_ROLE_MAP', 'unbekannte Rolle „ministerium“'],
      [{ ...OIDC, OIDC_ROLE_CLAIM: 'groups', OIDC_ROLE_MAP: 'nur-ein-wert' }, 'OIDC_ROLE_MAP', 'Anspruchswert=Rolle'],
      [{ ...OIDC, OIDC_ROLE_MAP: 'HMSI-AQB=hmsi' }, 'OIDC_ROLE_MAP', 'OIDC_ROLE_CLAIM fehlt'],
      [{ ...OIDC, OIDC_DISTRICT_CLAIM: 'ags wert' }, 'OIDC_DISTRICT_CLAIM', 'nur Buchstaben'],
    ])('a bad OIDC setting stops with a German message: %o', (env, variable, text) => {
      let error: unknown;
      try {
        loadConfig(env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = formatConfigError(error as ConfigError);
      expect(message).toContain(`${variable}:`);
      expect(message).toContain(text);
    });
  });
});

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The shipped production files (deploy/, docs/operations.md) checked (issue 17): the systemd units
 * pass `systemd-analyze verify` and the nginx site passes `nginx -t` — each only where the tool is
 * installed (CI installs nginx; without it the check is skipped, see README) — plus what must be
 * in them in any case. The environment reference must name every variable the app reads.
 */

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const deploy = (path: string) => resolve('deploy', path);
const UNITS = ['systemd/aqb-steuerung.service', 'systemd/aqb-backup.service', 'systemd/aqb-backup.timer'];

describe('systemd units', () => {
  it('restarts the service after a crash and limits its memory', () => {
    const unit = readFileSync(deploy('systemd/aqb-steuerung.service'), 'utf8');
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^MemoryMax=\d+[MG]$/m);
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node .*bin\/server\.js$/m);
    expect(unit).toMatch(/^EnvironmentFile=\/etc\/aqb-steuerung\/env$/m);
  });

  it.skipIf(!has('systemd-analyze'))('pass systemd-analyze verify without a warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aqb-units-'));
    const files = UNITS.map((unit) => {
      const target = join(dir, unit.split('/').at(-1)!);
      copyFileSync(deploy(unit), target);
      return target;
    });
    const result = spawnSync('systemd-analyze', ['verify', '--man=no', ...files], { encoding: 'utf8' });
    const ours = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.includes(dir));
    expect(ours, 'warnings about the shipped units').toEqual([]);
    expect(result.status).toBe(0);
  });
});

describe('nginx site', () => {
  const site = readFileSync(deploy('nginx/aqb-steuerung.conf'), 'utf8');

  it('terminates TLS, redirects HTTP and passes the scheme, client and request id to the app', () => {
    expect(site).toMatch(/listen 443 ssl/);
    expect(site).toMatch(/return 301 https:\/\/\$host\$request_uri;/);
    expect(site).toContain('proxy_set_header X-Forwarded-Proto $scheme;');
    expect(site).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
    expect(site).toContain('proxy_set_header X-Request-Id $request_id;');
    expect(site).toMatch(/location = \/metrics \{[^}]*deny all;/);
  });

  it.skipIf(!has('nginx') || !has('openssl'))('passes nginx -t', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aqb-nginx-'));
    mkdirSync(join(dir, 'logs'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=aqb.test', '-keyout', key, '-out', cert], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    // The shipped site with a throw-away certificate, inside a minimal main configuration.
    writeFileSync(join(dir, 'site.conf'), site.replace('/etc/ssl/aqb-steuerung/fullchain.pem', cert).replace('/etc/ssl/aqb-steuerung/privkey.pem', key));
    writeFileSync(
      join(dir, 'nginx.conf'),
      [`pid ${dir}/nginx.pid;`, `error_log ${dir}/logs/error.log;`, 'events {}', 'http {', `  access_log ${dir}/logs/access.log;`, `  include ${dir}/site.conf;`, '}', ''].join('\n'),
    );
    const result = spawnSync('nginx', ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('syntax is ok');
  });
});

describe('docs/operations.md', () => {
  it('names every environment variable the application reads', () => {
    const env = readFileSync(resolve('src/platform/env.ts'), 'utf8');
    const schema = env.slice(env.indexOf('const EnvSchema = z.object({'), env.indexOf('});', env.indexOf('const EnvSchema')));
    const variables = [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
    expect(variables.length).toBeGreaterThan(8);
    const docs = readFileSync(resolve('docs/operations.md'), 'utf8');
    expect(variables.filter((name) => !docs.includes(`\`${name}\``)), 'variables missing from the environment reference').toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/app/cli/main';

function capture() {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => void (out += t), err: (t: string) => void (err += t) }, get out() { return out; }, get err() { return err; } };
}

describe('aqb CLI', () => {
  it('prints German help listing the foundation commands', async () => {
    const c = capture();
    expect(await runCli(['--help'], c.io, {})).toBe(0);
    for (const usage of ['aqb db migrate', 'aqb db seed [--demo]', 'aqb districts list [--json]']) expect(c.out).toContain(usage);
  });

  it('lists the 26 districts as JSON from an in-memory database without a server', async () => {
    const c = capture();
    expect(await runCli(['districts', 'list', '--json'], c.io, { DATABASE_URL: 'memory://' })).toBe(0);
    const list = JSON.parse(c.out) as { ags: string; officialName: string }[];
    expect(list).toHaveLength(26);
    expect(list.find((d) => d.ags === '06439')?.officialName).toBe('Rheingau-Taunus-Kreis');
  });

  it('rejects unknown commands and options with exit code 2 and a German message', async () => {
    const a = capture();
    expect(await runCli(['zaubern'], a.io, {})).toBe(2);
    expect(a.err).toContain('Unbekannter Befehl');
    const b = capture();
    expect(await runCli(['districts', 'list', '--xml'], b.io, { DATABASE_URL: 'memory://' })).toBe(2);
    expect(b.err).toContain('Ungültige Option');
  });

  it('stops on a bad configuration naming the variable', async () => {
    const c = capture();
    expect(await runCli(['districts', 'list'], c.io, { DATABASE_URL: 'mysql://nein' })).toBe(1);
    expect(c.err).toContain('DATABASE_URL');
  });
});

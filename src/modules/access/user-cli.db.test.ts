import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../app/cli/command';
import { runCli } from '../../app/cli/main';
import { userCommands } from '../../app/cli/user-command';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';
import { findUserByEmail } from './users';
import { signInWithPassword } from './sign-in';

let database: AppDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const ctx = {
    config: undefined as never,
    io: { out: (t: string) => void (out += t), err: (t: string) => void (err += t) },
    runtime: async () => ({ database, close: async () => {} }),
    via: 'cli:test',
    resolvePath: (path: string) => path,
  } satisfies CliContext;
  const command = userCommands.find((c) => c.path.every((word, i) => argv[i] === word));
  if (!command) throw new Error(`no command ${argv.join(' ')}`);
  const code = await command.run(argv.slice(command.path.length), ctx);
  return { code, out, err };
}

describe('aqb user', () => {
  it('creates a district account and prints a one-time password that must be replaced at sign-in', async () => {
    const result = await run('user', 'create', '--role', 'district', '--district', '06439', '--name', 'Karla Kreis', '--email', ' Karla.Kreis@RTK.example ');
    expect(result.code).toBe(0);
    expect(result.out).toContain('Konto angelegt: Karla Kreis <karla.kreis@rtk.example>');
    expect(result.out).toContain('AGS 06439');
    const password = /Einmalpasswort: (\S+)/.exec(result.out)?.[1] as string;
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const user = await findUserByEmail(database.db, 'karla.kreis@rtk.example');
    expect(user).toMatchObject({ role: 'district', ags: '06439', mustChangePassword: true, isActive: true });
    const signIn = await signInWithPassword(database.db, { email: 'karla.kreis@rtk.example', password }, { ip: null, userAgent: null });
    expect(signIn).toMatchObject({ ok: true, stage: 'password_change' });
  });

  it('creates an HMSI account without district', async () => {
    const result = await run('user', 'create', '--role', 'hmsi', '--name', 'Hans Ministerium', '--email', 'hans@hmsi.example');
    expect(result.code).toBe(0);
    expect(result.out).toContain('HMSI (Fachreferat)');
    expect(result.out).toContain('Zwei-Faktor-Anmeldung');
  });

  it.each([
    [['--role', 'chef', '--name', 'X', '--email', 'x@example.org'], '--role: Bitte wählen Sie eine Rolle'],
    [['--role', 'district', '--name', 'X', '--email', 'x@example.org'], '--district: Ein Konto einer Gebietskörperschaft braucht'],
    [['--role', 'district', '--district', '06999', '--name', 'X', '--email', 'x@example.org'], '--district: Die Gebietskörperschaft mit dem AGS 06999 gibt es nicht.'],
    [['--role', 'district', '--district', '6439', '--name', 'X', '--email', 'x@example.org'], '--district: Der AGS besteht aus fünf Ziffern'],
    [['--role', 'rp', '--district', '06439', '--name', 'X', '--email', 'x@example.org'], '--district: Nur Konten einer Gebietskörperschaft'],
    [['--role', 'admin', '--name', 'X', '--email', 'kein-at-zeichen'], '--email: Bitte geben Sie eine gültige E-Mail-Adresse an'],
    [['--role', 'admin', '--email', 'y@example.org'], '--name: Bitte geben Sie einen Namen an.'],
    [['--role', 'hmsi', '--name', 'Doppelt', '--email', 'HANS@hmsi.example'], '--email: Für diese E-Mail-Adresse gibt es bereits ein Konto.'],
  ])('refuses %j with a German message', async (args, message) => {
    const result = await run('user', 'create', ...args);
    expect(result.code).toBe(2);
    expect(result.err).toContain('Das Konto wurde nicht angelegt');
    expect(result.err).toContain(message);
    expect(result.out).toBe('');
  });

  it('lists and deactivates accounts', async () => {
    const list = await run('user', 'list');
    expect(list.out).toContain('karla.kreis@rtk.example');
    expect(list.out).toMatch(/2 Konten/);
    const off = await run('user', 'deactivate', '--email', 'karla.kreis@rtk.example');
    expect(off.code).toBe(0);
    expect((await findUserByEmail(database.db, 'karla.kreis@rtk.example'))?.isActive).toBe(false);
    expect((await run('user', 'deactivate', '--email', 'niemand@example.org')).code).toBe(2);
  });

  it('resets access with a new one-time password', async () => {
    const result = await run('user', 'reset', '--email', 'HANS@hmsi.example');
    expect(result.code).toBe(0);
    const password = /Einmalpasswort: (\S+)/.exec(result.out)?.[1] as string;
    expect(await signInWithPassword(database.db, { email: 'hans@hmsi.example', password }, { ip: null, userAgent: null })).toMatchObject({ ok: true, stage: 'password_change' });
    expect((await run('user', 'reset', '--email', 'niemand@example.org')).code).toBe(2);
  });

  it('is registered in the CLI help', async () => {
    let out = '';
    expect(await runCli(['--help'], { out: (t) => void (out += t), err: () => {} }, {})).toBe(0);
    expect(out).toContain('aqb user create --role hmsi|district|rp|admin [--district AGS] --name NAME --email ADRESSE');
    expect(out).toContain('aqb audit verify');
  });
});

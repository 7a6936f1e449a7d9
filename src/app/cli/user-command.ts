import { parseArgs } from 'node:util';
import { ROLE_LABELS } from '../../modules/access/policy';
import { isAppError } from '../../platform/errors';
import type { CliIo, Command } from './command';

function printIssues(io: CliIo, error: unknown): number {
  if (!isAppError(error) || (error.code !== 'VALIDATION_FAILED' && error.code !== 'NOT_FOUND' && error.code !== 'CONFLICT')) throw error;
  const lines = error.issues.length ? error.issues.map((issue) => `  ${OPTION_OF[issue.path] ?? issue.path}: ${issue.message}`) : [`  ${error.message}`];
  io.err(`Das Konto wurde nicht angelegt:\n${lines.join('\n')}\n`);
  return 2;
}

const OPTION_OF: Record<string, string> = { email: '--email', name: '--name', role: '--role', ags: '--district' };

export const userCommands: Command[] = [
  {
    path: ['user', 'create'],
    remote: true,
    usage: 'aqb user create --role hmsi|district|rp|admin [--district AGS] --name NAME --email ADRESSE',
    summary: 'Legt ein Konto an und gibt das Einmalpasswort aus (muss bei der ersten Anmeldung ersetzt werden).',
    async run(args, ctx) {
      const { values } = parseArgs({
        args,
        options: { role: { type: 'string' }, district: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' } },
        strict: true,
      });
      const access = await import('../../modules/access/service');
      const runtime = await ctx.runtime();
      try {
        const { user, oneTimePassword } = await runtime.database.db.transaction((tx) =>
          access.createUser(tx, null, { role: values.role, ags: values.district, name: values.name, email: values.email }, { via: ctx.via }),
        );
        ctx.io.out(
          [
            `Konto angelegt: ${user.name} <${user.email}>, ${ROLE_LABELS[user.role]}${user.ags ? ` (AGS ${user.ags})` : ''}`,
            `Einmalpasswort: ${oneTimePassword}`,
            'Geben Sie es auf sicherem Weg weiter. Bei der ersten Anmeldung muss ein eigenes Passwort gewählt werden' +
              (user.role === 'district' ? '.' : ', danach wird die Zwei-Faktor-Anmeldung eingerichtet.'),
            '',
          ].join('\n'),
        );
        return 0;
      } catch (error) {
        return printIssues(ctx.io, error);
      }
    },
  },
  {
    path: ['user', 'list'],
    remote: true,
    usage: 'aqb user list',
    summary: 'Listet alle Konten mit Rolle und Status.',
    async run(args, ctx) {
      parseArgs({ args, options: {}, strict: true });
      const access = await import('../../modules/access/service');
      const runtime = await ctx.runtime();
      const users = await access.findUsers(runtime.database.db);
      for (const u of users) {
        ctx.io.out(`${String(u.id).padStart(4)}  ${u.email.padEnd(36)}  ${u.role.padEnd(8)}  ${(u.ags ?? '').padEnd(5)}  ${u.isActive ? 'aktiv' : 'deaktiviert'}${u.totpEnabled ? ', TOTP' : ''}\n`);
      }
      ctx.io.out(`${users.length} Konten\n`);
      return 0;
    },
  },
  {
    path: ['user', 'deactivate'],
    remote: true,
    usage: 'aqb user deactivate --email ADRESSE',
    summary: 'Deaktiviert ein Konto und beendet sofort alle seine Sitzungen.',
    async run(args, ctx) {
      const { values } = parseArgs({ args, options: { email: { type: 'string' } }, strict: true });
      const access = await import('../../modules/access/service');
      const runtime = await ctx.runtime();
      const user = values.email ? await access.findUserByEmail(runtime.database.db, values.email) : undefined;
      if (!user) {
        ctx.io.err(`Kein Konto mit der E-Mail-Adresse ${values.email ?? '(fehlt: --email)'}.\n`);
        return 2;
      }
      await runtime.database.db.transaction((tx) => access.deactivateUser(tx, null, user.id, { via: ctx.via }));
      ctx.io.out(`Konto ${user.email} deaktiviert; alle Sitzungen sind beendet.\n`);
      return 0;
    },
  },
  {
    path: ['user', 'reset'],
    remote: true,
    usage: 'aqb user reset --email ADRESSE',
    summary: 'Setzt den Zugang zurück (neues Einmalpasswort, Zwei-Faktor neu einrichten) und beendet alle Sitzungen.',
    async run(args, ctx) {
      const { values } = parseArgs({ args, options: { email: { type: 'string' } }, strict: true });
      const access = await import('../../modules/access/service');
      const runtime = await ctx.runtime();
      const user = values.email ? await access.findUserByEmail(runtime.database.db, values.email) : undefined;
      if (!user) {
        ctx.io.err(`Kein Konto mit der E-Mail-Adresse ${values.email ?? '(fehlt: --email)'}.\n`);
        return 2;
      }
      const { oneTimePassword } = await runtime.database.db.transaction((tx) => access.resetUserAccess(tx, null, user.id, { via: ctx.via }));
      ctx.io.out(`Zugang von ${user.email} zurückgesetzt; alle Sitzungen sind beendet.\nEinmalpasswort: ${oneTimePassword}\n`);
      return 0;
    },
  },
];

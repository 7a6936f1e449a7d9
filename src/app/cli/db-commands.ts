import { parseArgs } from 'node:util';
import type { Command } from './command';

export const dbCommands: Command[] = [
  {
    path: ['db', 'migrate'],
    usage: 'aqb db migrate',
    summary: 'Wendet die Migrationen auf die konfigurierte Datenbank an.',
    async run(_args, ctx) {
      const { migrateDatabase } = await import('../../platform/db/client');
      const runtime = await ctx.runtime();
      await migrateDatabase(runtime.database);
      ctx.io.out('Migrationen angewendet.\n');
      return 0;
    },
  },
  {
    path: ['db', 'seed'],
    usage: 'aqb db seed [--demo]',
    summary: 'Legt die Stammdaten an (idempotent); mit --demo auch die Demodaten.',
    async run(args, ctx) {
      const { values } = parseArgs({ args, options: { demo: { type: 'boolean', default: false } }, strict: true });
      const [{ migrateDatabase }, { applyDemoSetting, seedMasterData }] = await Promise.all([import('../../platform/db/client'), import('../setup-database')]);
      const runtime = await ctx.runtime();
      await migrateDatabase(runtime.database);
      await seedMasterData(runtime.database);
      if (values.demo) await applyDemoSetting(runtime.database, true);
      ctx.io.out(values.demo ? 'Stammdaten und Demodaten angelegt.\n' : 'Stammdaten angelegt.\n');
      return 0;
    },
  },
];

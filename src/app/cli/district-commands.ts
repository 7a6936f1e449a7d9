import { parseArgs } from 'node:util';
import type { Command } from './command';

export const districtCommands: Command[] = [
  {
    path: ['districts', 'list'],
    remote: true,
    usage: 'aqb districts list [--json]',
    summary: 'Listet die 26 Gebietskörperschaften aus den Stammdaten.',
    async run(args, ctx) {
      const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true });
      const { findDistricts } = await import('../../modules/districts/service');
      const runtime = await ctx.runtime();
      const districts = await findDistricts(runtime.database.db);
      if (values.json) {
        ctx.io.out(`${JSON.stringify(districts, null, 2)}\n`);
        return 0;
      }
      for (const d of districts) {
        ctx.io.out(`${d.ags}  ${d.officialName.padEnd(36)}  RB ${d.regierungsbezirk.padEnd(9)}  ${d.seat}\n`);
      }
      ctx.io.out(`${districts.length} Gebietskörperschaften\n`);
      return 0;
    },
  },
];

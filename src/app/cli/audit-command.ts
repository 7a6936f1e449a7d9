import { parseArgs } from 'node:util';
import type { Command } from './command';

export const auditCommands: Command[] = [
  {
    path: ['audit', 'verify'],
    remote: true,
    usage: 'aqb audit verify',
    summary: 'Prüft die Hash-Kette des Audit-Protokolls (Exit-Code 0 = intakt).',
    async run(args, ctx) {
      parseArgs({ args, options: {}, strict: true });
      const { verifyAuditChain } = await import('../../platform/audit/store');
      const runtime = await ctx.runtime();
      const result = await verifyAuditChain(runtime.database.db);
      if (result.ok) {
        ctx.io.out(`Audit-Kette intakt: ${result.count} Ereignisse (letzter Hash ${result.headHash})\n`);
        return 0;
      }
      ctx.io.err(`Audit-Kette beschädigt ab Ereignis ${result.brokenAt}: ${result.reason}\n`);
      return 3;
    },
  },
];

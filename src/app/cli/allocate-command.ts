import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { KeyInputError } from '../../modules/budget-years/service';
import { parseEuro } from '../../platform/input';
import { formatEuro } from '../../platform/format';
import type { Command } from './command';

const USAGE = 'aqb allocate --year JAHR --budget BETRAG --key DATEI.csv [--weights name=0.6,other=0.4] [--floor BETRAG] [--round 10] [--name NAME] [--dry-run] [--json]';

function describeError(error: KeyInputError): string {
  if (error.line > 0) return `Zeile ${error.line}: ${error.message}`;
  const where = { key: 'Datei', weights: '--weights', floor: '--floor', round: '--round', budget: '--budget' }[error.field];
  return `${where}: ${error.message}`;
}


export const allocateCommands: Command[] = [
  {
    path: ['allocate'],
    usage: USAGE,
    summary: 'Verteilt das Budget nach Verteilungsschlüssel auf die 26 Gebietskörperschaften und speichert das Ergebnis als Szenario (mit --dry-run nur Anzeige).',
    async run(args, ctx) {
      const [{ createBudgetYear, findBudgetYear, MAX_YEAR, MIN_YEAR, runKeyScenario, saveScenario, setLandesbudget }, { findDistricts, loadSonderstatusstaedte }] = await Promise.all([
        import('../../modules/budget-years/service'),
        import('../../modules/districts/service'),
      ]);
      const { values } = parseArgs({
        args,
        strict: true,
        options: {
          year: { type: 'string' },
          budget: { type: 'string' },
          key: { type: 'string' },
          weights: { type: 'string' },
          floor: { type: 'string' },
          round: { type: 'string' },
          name: { type: 'string' },
          'dry-run': { type: 'boolean', default: false },
          json: { type: 'boolean', default: false },
        },
      });
      const usageErrors: string[] = [];
      const year = Number(values.year);
      if (values.year === undefined) usageErrors.push('--year fehlt.');
      else if (!/^\d{4}$/.test(values.year) || year < MIN_YEAR || year > MAX_YEAR) usageErrors.push(`--year: „${values.year}“ ist kein AQB-Jahr zwischen ${MIN_YEAR} und ${MAX_YEAR}.`);
      if (values.key === undefined) usageErrors.push('--key fehlt (CSV-Datei mit den Indikatoren).');
      let budgetCents = 0;
      if (values.budget === undefined) usageErrors.push('--budget fehlt.');
      else {
        const budget = parseEuro(values.budget);
        if (budget.ok) budgetCents = budget.cents;
        else usageErrors.push(`--budget: ${budget.message}`);
      }
      let floorCents: number | undefined;
      if (values.floor !== undefined) {
        const floor = parseEuro(values.floor);
        if (floor.ok) floorCents = floor.cents;
        else usageErrors.push(`--floor: ${floor.message}`);
      }
      let roundToCents: number | undefined;
      if (values.round !== undefined) {
        if (/^[1-9]\d{0,6}$/.test(values.round)) roundToCents = Number(values.round) * 100;
        else usageErrors.push(`--round: „${values.round}“ ist keine ganze Zahl von Euro ≥ 1 (z. B. 10).`);
      }
      if (usageErrors.length > 0) {
        ctx.io.err(`${usageErrors.join('\n')}\nAufruf: ${USAGE}\n`);
        return 2;
      }

      let csvText: string;
      try {
        csvText = await readFile(values.key!, 'utf8');
      } catch {
        ctx.io.err(`Die Datei „${values.key}“ kann nicht gelesen werden.\n`);
        return 1;
      }

      const runtime = await ctx.runtime();
      const db = runtime.database.db;
      const districts = await findDistricts(db);
      const result = runKeyScenario({ budgetCents, csvText, weightsText: values.weights, floorCents, roundToCents }, districts, loadSonderstatusstaedte());
      if (!result.ok) {
        ctx.io.err(`Die Verteilung ist nicht möglich; nichts wurde gespeichert:\n${result.errors.map((e) => `  ${describeError(e)}`).join('\n')}\n`);
        return 1;
      }

      const names = new Map(districts.map((d) => [d.ags, d.officialName]));
      const sumCents = result.allocations.reduce((sum, a) => sum + a.amountCents, 0);
      let savedAs: string | undefined;
      if (!values['dry-run']) {
        const name = values.name?.trim() || `Schlüssel ${Object.entries(result.weights).map(([k, w]) => `${k}=${w}`).join(', ')}${floorCents ? `, Mindestbetrag ${formatEuro(floorCents)}` : ''} (${new Date().toISOString().slice(0, 16).replace('T', ' ')})`;
        // The command line acts as the system; the audit trail names the operating-system user.
        const actor = null;
        const via = ctx.via;
        await runtime.database.db.transaction(async (tx) => {
          // A year that does not exist yet is created as a copy of the previous one.
          if (!(await findBudgetYear(tx, year))) {
            await createBudgetYear(tx, { year, actor, via });
            await setLandesbudget(tx, { year, landesbudgetCents: budgetCents, actor, via });
          }
          await saveScenario(tx, {
            year,
            name,
            method: 'schluessel',
            budgetCents,
            allocations: result.allocations,
            indicators: result.indicators,
            weights: result.weights,
            floorCents: floorCents ?? null,
            roundToCents: result.roundToCents,
            actor,
            via,
          });
        });
        savedAs = name;
      }

      if (values.json) {
        const output = { year, budgetCents, allocations: result.allocations.map((a) => ({ ags: a.ags, name: names.get(a.ags) ?? '', amountCents: a.amountCents })), sumCents };
        ctx.io.out(`${JSON.stringify(output, null, 2)}\n`);
      } else {
        for (const a of result.allocations) ctx.io.out(`${a.ags}  ${(names.get(a.ags) ?? '').padEnd(36)}  ${formatEuro(a.amountCents).padStart(16)}\n`);
        ctx.io.out(`Summe ${''.padEnd(36)}  ${formatEuro(sumCents).padStart(16)}\n`);
        ctx.io.out(savedAs ? `Als Szenario „${savedAs}“ im AQB-Jahr ${year} gespeichert.\n` : 'Probelauf (--dry-run): nichts gespeichert.\n');
      }
      if (values.json && savedAs) ctx.io.err(`Als Szenario „${savedAs}“ im AQB-Jahr ${year} gespeichert.\n`);
      return 0;
    },
  },
];

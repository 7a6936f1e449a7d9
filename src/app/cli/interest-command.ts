import { parseArgs } from 'node:util';
import { parseEuro } from '../../platform/input';
import { computeInterest, findBaseInterestRates, isLeapYear } from '../../modules/funding/service';
import { isAppError } from '../../platform/errors';
import { formatDatePadded, formatEuro } from '../../platform/format';
import type { Command } from './command';

const USAGE = 'aqb zinsen --betrag BETRAG --von DATUM --bis DATUM [--json]';

/** "2024-03-15" or "15.03.2024" / "15.3.2024" → ISO date; null when it is no real date. */
function parseDateArgument(text: string): string | null {
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  const iso = german ? `${german[3]}-${german[2]!.padStart(2, '0')}-${german[1]!.padStart(2, '0')}` : text.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? iso : null;
}

/** "8.62" → "8,62 %" */
const germanPercent = (ratePercent: string) => `${ratePercent.replace('.', ',')} %`;

export const interestCommands: Command[] = [
  {
    path: ['zinsen'],
    usage: USAGE,
    summary: 'Berechnet Zinsen nach § 49a HVwVfG (5 Prozentpunkte über dem Basiszinssatz, taggenau) mit den hinterlegten Basiszinssätzen.',
    async run(args, ctx) {
      const { values } = parseArgs({
        args,
        strict: true,
        options: { betrag: { type: 'string' }, von: { type: 'string' }, bis: { type: 'string' }, json: { type: 'boolean', default: false } },
      });
      const missing = (['betrag', 'von', 'bis'] as const).filter((name) => values[name] === undefined).map((name) => `--${name} fehlt.`);
      if (missing.length > 0) {
        ctx.io.err(`${missing.join('\n')}\nAufruf: ${USAGE}\n`);
        return 2;
      }
      const errors: string[] = [];
      const amount = parseEuro(values.betrag!);
      if (!amount.ok) errors.push(`--betrag: ${amount.message}`);
      const from = parseDateArgument(values.von!);
      if (!from) errors.push(`--von: „${values.von}“ ist kein gültiges Datum (JJJJ-MM-TT oder TT.MM.JJJJ).`);
      const to = parseDateArgument(values.bis!);
      if (!to) errors.push(`--bis: „${values.bis}“ ist kein gültiges Datum (JJJJ-MM-TT oder TT.MM.JJJJ).`);
      if (errors.length > 0 || !amount.ok || !from || !to) {
        ctx.io.err(`${errors.join('\n')}\n`);
        return 1;
      }

      const runtime = await ctx.runtime();
      const rates = await findBaseInterestRates(runtime.database.db);
      let result;
      try {
        result = computeInterest({ principalCents: amount.cents, from, to }, rates);
      } catch (error) {
        if (!isAppError(error)) throw error;
        ctx.io.err(`${[error.message, ...error.issues.map((i) => `  – ${i.path}: ${i.message}`)].join('\n')}\n`);
        return 1;
      }

      if (values.json) {
        ctx.io.out(`${JSON.stringify(result, null, 2)}\n`);
        return 0;
      }
      const days = result.periods.reduce((sum, p) => sum + p.days, 0);
      const rows = result.periods.map((p) => [
        `${formatDatePadded(p.from)} – ${formatDatePadded(p.to)}`,
        String(p.days),
        germanPercent(p.ratePercent),
        // A period never crosses a change of year length, so its first day's year decides.
        `1/${isLeapYear(Number(p.from.slice(0, 4))) ? 366 : 365}`,
        formatEuro(p.interestCents),
      ]);
      const header = ['Zinstage', 'Tage', 'Zinssatz', 'Tagesanteil', 'Zinsen'];
      const footer = ['Summe', String(days), '', '', formatEuro(result.interestCents)];
      const widths = header.map((h, i) => Math.max(h.length, footer[i]!.length, ...rows.map((r) => r[i]!.length)));
      const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
      ctx.io.out(
        [
          'Zinsen nach § 49a HVwVfG: 5 Prozentpunkte über dem Basiszinssatz (§ 247 BGB), taggenau',
          `Betrag ${formatEuro(amount.cents)}, Zinsbeginn ${formatDatePadded(from)} (nicht mitgezählt), Zinsende ${formatDatePadded(to)}: ${days} Zinstage`,
          '',
          line(header),
          ...rows.map(line),
          line(footer),
          '',
          'Gerundet wird einmal, auf die Summe; die Zeilen sind ihre Anteile (auf den Cent verteilt).',
          '',
        ].join('\n'),
      );
      return 0;
    },
  },
];

import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { RenderedFile } from '../../modules/agreements/service';
import type { Command } from './command';

const FORMATS = ['txt', 'html', 'pdf', 'docx'] as const;
type RenderFormat = (typeof FORMATS)[number];

const USAGE = 'aqb render (--from DATEI.json | --ags AGS --year JAHR) --format txt|html|pdf|docx [--out PFAD]';

/** Reads and parses the interchange file; a missing file or broken JSON is a German message, not a stack trace. */
async function readJsonFile(path: string): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, message: `Die Datei „${path}“ gibt es nicht.` };
    if (code === 'EISDIR') return { ok: false, message: `„${path}“ ist keine Datei, sondern ein Verzeichnis.` };
    return { ok: false, message: `Die Datei „${path}“ konnte nicht gelesen werden (${code ?? 'E/A-Fehler'}).` };
  }
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch (error) {
    // V8's SyntaxError text is English; only the position is taken from it.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const where = position ? ` (Syntaxfehler bei Zeichen ${Number(position) + 1})` : text.trim() === '' ? ' (die Datei ist leer)' : '';
    return { ok: false, message: `Die Datei „${path}“ ist kein gültiges JSON${where}.` };
  }
}

/**
 * `aqb render`: renders an interchange file or a stored agreement without a server. txt and html
 * go to stdout unless --out is given; pdf and docx are binary and always need --out (the CLI's
 * output channel is text). Exit 0 on success, 1 for content errors (invalid JSON, zod issues with
 * their paths, unknown AGS, missing template), 2 for wrong usage.
 */
export const renderCommands: Command[] = [
  {
    path: ['render'],
    usage: USAGE,
    summary: 'Erzeugt eine Zielvereinbarung als Text, HTML, PDF oder DOCX (aus einer Austauschdatei oder der Datenbank).',
    async run(args, ctx) {
      const { values } = parseArgs({
        args,
        options: { from: { type: 'string' }, ags: { type: 'string' }, year: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
        strict: true,
      });
      const usageError = (message: string) => {
        ctx.io.err(`${message}\nAufruf: ${USAGE}\n`);
        return 2;
      };
      const format = values.format as RenderFormat | undefined;
      if (!format) return usageError('Bitte mit --format das Ausgabeformat angeben (txt, html, pdf oder docx).');
      if (!FORMATS.includes(format)) return usageError(`Unbekanntes Format „${format}“. Erlaubt sind: txt, html, pdf, docx.`);
      const fromStore = values.ags !== undefined || values.year !== undefined;
      if (values.from !== undefined && fromStore) return usageError('Entweder --from oder --ags mit --year angeben, nicht beides.');
      if (values.from === undefined && !fromStore) return usageError('Bitte --from DATEI.json oder --ags und --year angeben.');
      if ((format === 'pdf' || format === 'docx') && !values.out) {
        return usageError(`Für ${format.toUpperCase()} bitte mit --out eine Zieldatei angeben (Binärdaten werden nicht auf die Konsole geschrieben).`);
      }

      // Loaded only now: `aqb --help` and wrong usage never pay for the document pipeline.
      const { renderAgreementFile, renderInterchangeFile } = await import('../../modules/agreements/service');
      let file: RenderedFile;
      if (values.from !== undefined) {
        const input = await readJsonFile(values.from);
        if (!input.ok) {
          ctx.io.err(`Fehler: ${input.message}\n`);
          return 1;
        }
        const runtime = await ctx.runtime();
        file = await renderInterchangeFile(runtime.database.db, input.value, format);
      } else {
        if (!values.ags || !/^\d{5}$/.test(values.ags)) return usageError('--ags erwartet den fünfstelligen Gemeindeschlüssel, z. B. 06439.');
        if (!values.year || !/^\d{4}$/.test(values.year)) return usageError('--year erwartet ein vierstelliges AQB-Jahr, z. B. 2024.');
        const runtime = await ctx.runtime();
        file = await renderAgreementFile(runtime.database.db, Number(values.year), values.ags, format);
      }

      if (values.out) {
        await writeFile(values.out, file.body);
        ctx.io.out(`Geschrieben: ${values.out} (${file.fileName})\n`);
      } else {
        ctx.io.out(file.body as string);
      }
      return 0;
    },
  },
];

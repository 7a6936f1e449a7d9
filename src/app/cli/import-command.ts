import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type AnalysedFile, analyseImportFile, type ImportError, type ImportSource, MAX_IMPORT_FILE_BYTES, MEASURE_LABELS, shippedImportContext } from '../../modules/imports';
import type { SaveOutcome } from '../../modules/imports/service';
import { formatDate, formatEuro } from '../../platform/format';
import type { Command } from './command';
import type { ImportActor } from '../../modules/agreements/service';

type FileEntry = { ok: true; analysed: Extract<AnalysedFile, { ok: true }>; bytes: Uint8Array; saved?: SaveOutcome } | { ok: false; source: ImportSource; error: ImportError };

/** Reads one path; missing files, directories and I/O errors become their own coded errors. */
async function readImportFile(path: string): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; error: ImportError }> {
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      return { ok: false, error: { code: 'NOT_A_FILE', message: `„${path}“ ist keine Datei${info.isDirectory() ? ', sondern ein Verzeichnis' : ''}.` } };
    }
    if (info.size > MAX_IMPORT_FILE_BYTES) {
      const mb = (info.size / 1024 / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 });
      return { ok: false, error: { code: 'FILE_TOO_LARGE', message: `Die Datei „${path}“ ist ${mb} MB groß; erlaubt sind höchstens 20 MB.` } };
    }
    return { ok: true, bytes: new Uint8Array(await readFile(path)) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, error: { code: 'FILE_NOT_FOUND', message: `Die Datei „${path}“ gibt es nicht.` } };
    if (code === 'EISDIR') return { ok: false, error: { code: 'NOT_A_FILE', message: `„${path}“ ist keine Datei, sondern ein Verzeichnis.` } };
    if (code === 'EACCES' || code === 'EPERM') {
      return { ok: false, error: { code: 'READ_FAILED', message: `Die Datei „${path}“ darf nicht gelesen werden (fehlende Berechtigung).` } };
    }
    return { ok: false, error: { code: 'READ_FAILED', message: `Die Datei „${path}“ konnte nicht gelesen werden (${code ?? 'E/A-Fehler'}).` } };
  }
}

function toJson(entry: FileEntry) {
  if (!entry.ok) return { source: entry.source, error: entry.error };
  const { analysed, saved } = entry;
  return {
    ...analysed.agreement,
    source: analysed.source,
    warnings: analysed.warnings.map((w) => ({ code: w.code, message: w.message, ...(w.line ? { line: w.line } : {}) })),
    ...(saved ? { saved } : {}),
  };
}

function toText(entry: FileEntry): string {
  if (!entry.ok) return `${entry.source.file}: nicht erkannt – ${entry.error.message} [${entry.error.code}]\n`;
  const { agreement, warnings, source } = entry.analysed;
  const lines = [`${source.file}: erkannt – ${agreement.district.name} (AGS ${agreement.district.ags}), AQB-Jahr ${agreement.year}, ${formatEuro(agreement.amountCents)}`];
  for (const measure of agreement.measures) {
    lines.push(`  ${measure.type}. ${MEASURE_LABELS[measure.type]}: ${measure.projects.length === 1 ? '1 Projekt' : `${measure.projects.length} Projekte`}`);
  }
  for (const [side, label] of [
    ['land', 'Land'],
    ['district', 'Gebietskörperschaft'],
  ] as const) {
    const s = agreement.signatures[side];
    lines.push(`  Unterschrift ${label}: ${s ? `${s.name}, ${s.title}, ${s.place}, ${formatDate(s.date)}` : 'fehlt'}`);
  }
  for (const w of warnings) lines.push(`  Warnung: ${w.line && !w.message.startsWith('Zeile') ? `Zeile ${w.line}: ` : ''}${w.message} [${w.code}]`);
  if (entry.saved) {
    lines.push(`  Gespeichert: ${entry.saved.message}`);
    if (entry.saved.status === 'new_version' || entry.saved.status === 'amendment') for (const d of entry.saved.differences) lines.push(`    – ${d.message}`);
  }
  return `${lines.join('\n')}\n`;
}

export const importCommands: Command[] = [
  {
    path: ['import'],
    usage: 'aqb import DATEI... [--json] [--save [--als E-MAIL]]',
    summary: 'Liest Zielvereinbarungen aus .md, .txt, .pdf und .docx; --save speichert sie mit der Originaldatei (--als: im Namen eines HMSI-Kontos, sonst als System).',
    async run(args, ctx) {
      const { values, positionals } = parseArgs({
        args,
        options: { json: { type: 'boolean', default: false }, save: { type: 'boolean', default: false }, als: { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length === 0) {
        ctx.io.err('Bitte mindestens eine Datei angeben.\nAufruf: aqb import DATEI... [--json] [--save [--als E-MAIL]]\n');
        return 2;
      }
      if (values.als !== undefined && !values.save) {
        ctx.io.err('--als gilt nur zusammen mit --save.\n');
        return 2;
      }
      // Recognising needs no database when nothing is saved and the database would be a fresh
      // in-memory one: its districts and allocations are the shipped ones (the seed's
      // REAL_ALLOCATIONS, read from their own small file: budget-years/service would load the
      // whole allocation and letter code). Otherwise the database and the saving code are loaded.
      const needsDatabase = values.save || ctx.config.database.kind !== 'pglite-memory';
      const service = needsDatabase ? await import('../../modules/imports/service') : undefined;
      const db = service ? (await ctx.runtime()).database.db : undefined;
      // Who saves: the named account (its permissions apply), else the command line as the system.
      let who: ImportActor = { actor: null, via: ctx.via };
      if (values.als !== undefined && db) {
        try {
          const { getActorByEmail } = await import('../../modules/access/service');
          who = { actor: await getActorByEmail(db, values.als), via: ctx.via };
        } catch (error) {
          ctx.io.err(`${error instanceof Error ? error.message : String(error)}\n`);
          return 1;
        }
      }
      const parseContext = service && db ? await service.loadImportContext(db) : shippedImportContext((await import('../../modules/budget-years/allocation/current')).REAL_ALLOCATIONS);
      const entries: FileEntry[] = [];
      for (const path of positionals) {
        const read = await readImportFile(path);
        if (!read.ok) {
          entries.push({ ok: false, source: { file: path, sha256: null }, error: read.error });
          continue;
        }
        const analysed = await analyseImportFile(parseContext, read.bytes, path);
        if (!analysed.ok) {
          entries.push({ ok: false, source: analysed.source, error: analysed.error });
          continue;
        }
        const entry: FileEntry = { ok: true, analysed, bytes: read.bytes };
        if (values.save && service && db) {
          try {
            // One transaction per file: a failing file leaves nothing behind and does not stop the others.
            entry.saved = await service.saveImport(db, who, { fileName: path.split(/[\\/]/).pop() ?? path, bytes: read.bytes, content: analysed.agreement, warnings: analysed.warnings });
          } catch (error) {
            entries.push({ ok: false, source: analysed.source, error: service.describeSaveFailure(error) });
            continue;
          }
        }
        entries.push(entry);
      }
      const failed = entries.filter((e) => !e.ok).length;
      if (values.json) {
        ctx.io.out(`${JSON.stringify(entries.map(toJson), null, 2)}\n`);
      } else {
        for (const entry of entries) ctx.io.out(toText(entry));
        ctx.io.out(`${entries.length - failed} von ${entries.length} ${entries.length === 1 ? 'Datei' : 'Dateien'} erkannt${values.save ? ' und gespeichert' : ''}.\n`);
      }
      return failed === 0 ? 0 : 1;
    },
  },
];

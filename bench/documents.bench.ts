/**
 * Document pipeline benchmark (plain tsx script, not vitest):
 *   npx tsx bench/documents.bench.ts [year]
 * Renders the 26 demo agreements of one year to PDF (Typst) and DOCX, prints median per document
 * and total; where LibreOffice is installed, converts the same DOCX files to PDF for comparison.
 * Goal: 26 PDFs in ≤ 1 s on 2 cores.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadShippedDistricts } from '../src/modules/districts/master-data';
import { type AgreementDocument, composeAgreement, defaultTemplate, renderDocx, renderPdf } from '../src/modules/documents/service';
import { buildDemoAgreement } from '../tests/factories';

const year = Number(process.argv[2] ?? 2025);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function timeEach(docs: AgreementDocument[], render: (doc: AgreementDocument) => Promise<Uint8Array>) {
  const times: number[] = [];
  const outputs: Uint8Array[] = [];
  const start = performance.now();
  for (const doc of docs) {
    const t = performance.now();
    outputs.push(await render(doc));
    times.push(performance.now() - t);
  }
  return { total: performance.now() - start, median: median(times), outputs };
}

const template = defaultTemplate(year);
const composeStart = performance.now();
const docs = loadShippedDistricts().map((district, i) =>
  composeAgreement({ agreement: buildDemoAgreement(district, year, { headGenus: i % 2 ? 'm' : 'f' }), district, template }),
);
const composeTotal = performance.now() - composeStart;

console.log(`documents bench: ${docs.length} agreements, AQB year ${year}, ${availableParallelism()} cores, Node ${process.version}`);
console.log(`compose: total ${ms(composeTotal)}`);

// The first Typst compile creates the compiler and loads the fonts; report it separately.
const coldStart = performance.now();
await renderPdf(docs[0]!);
console.log(`pdf cold start (compiler + fonts + first document): ${ms(performance.now() - coldStart)}`);

const pdf = await timeEach(docs, renderPdf);
console.log(`pdf: median ${ms(pdf.median)} per document, total ${ms(pdf.total)} for ${docs.length} (goal ≤ 1000 ms) ${pdf.total <= 1000 ? 'OK' : 'OVER GOAL'}`);

const docx = await timeEach(docs, renderDocx);
console.log(`docx: median ${ms(docx.median)} per document, total ${ms(docx.total)} for ${docs.length}`);

const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice']).status === 0;
if (!hasSoffice) {
  console.log('soffice: not installed, DOCX→PDF conversion skipped');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'aqb-bench-'));
  try {
    const files = docx.outputs.map((bytes, i) => {
      const file = join(dir, `agreement-${String(i + 1).padStart(2, '0')}.docx`);
      writeFileSync(file, bytes);
      return file;
    });
    // Batch: one soffice process converts all 26 files (its start-up is paid once).
    const start = performance.now();
    const result = spawnSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, ...files], { encoding: 'utf8' });
    const total = performance.now() - start;
    if (result.status !== 0) console.log(`soffice: failed (${result.status}): ${result.stderr}`);
    else console.log(`soffice docx→pdf, one batch process: total ${ms(total)} for ${files.length}, ${ms(total / files.length)} per document; Typst is ${(total / pdf.total).toFixed(1)}× faster`);
    // Per document: one soffice call per file, as a server converting on request would do.
    const perDocument: number[] = [];
    for (const file of files) {
      const t = performance.now();
      const single = spawnSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, file], { encoding: 'utf8' });
      if (single.status !== 0) {
        console.log(`soffice (per document): failed (${single.status}): ${single.stderr}`);
        break;
      }
      perDocument.push(performance.now() - t);
    }
    if (perDocument.length === files.length) {
      const sum = perDocument.reduce((a, b) => a + b, 0);
      console.log(`soffice docx→pdf, one process per document: median ${ms(median(perDocument))}, total ${ms(sum)} for ${files.length}; Typst is ${(sum / pdf.total).toFixed(1)}× faster (goal ≥ 20×)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

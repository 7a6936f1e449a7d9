/**
 * Import benchmark (plain tsx script, not vitest):
 *   npx tsx bench/imports.bench.ts [seconds-per-measurement]
 * Renders the 26 sample agreements (text, Markdown, PDF) and measures documents per second for
 * extractText + parseAgreementText; where pdftotext is installed, spawns it on the same PDFs as the
 * reference. Goals: txt/md ≥ 500 docs/s; PDF ≥ half of pdftotext's speed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { composeAgreement, defaultTemplate, renderMarkdown, renderPdf, renderText } from '../src/modules/documents/service';
import { loadShippedDistricts } from '../src/modules/districts/master-data';
import { extractText, parseAgreementText } from '../src/modules/imports/index';
import { buildAgreement } from '../tests/factories';

const seconds = Number(process.argv[2] ?? 2);
const districts = loadShippedDistricts();
const encoder = new TextEncoder();

interface Sample {
  name: string;
  bytes: Uint8Array;
}

/** Runs over the samples round-robin until `seconds` passed; returns documents per second. */
async function rate(samples: Sample[], run: (sample: Sample) => Promise<void> | void): Promise<{ perSecond: number; count: number }> {
  for (const sample of samples.slice(0, 3)) await run(sample); // warm-up (JIT, PDF.js worker code)
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    await run(samples[count % samples.length]!);
    count++;
  }
  return { perSecond: (count * 1000) / (performance.now() - start), count };
}

async function importOne(sample: Sample): Promise<void> {
  const extracted = await extractText(sample.bytes, sample.name, { districts });
  if (!extracted.ok) throw new Error(`${sample.name}: ${extracted.error.code}`);
  const parsed = parseAgreementText(extracted.text, { districts });
  if (!parsed.ok) throw new Error(`${sample.name}: ${parsed.error.code}`);
}

const txt: Sample[] = [];
const md: Sample[] = [];
const pdf: Sample[] = [];
for (const district of districts) {
  const agreement = buildAgreement(district);
  const doc = composeAgreement({ agreement, district, template: defaultTemplate(agreement.year) });
  txt.push({ name: `${district.ags}.txt`, bytes: encoder.encode(renderText(doc)) });
  md.push({ name: `${district.ags}.md`, bytes: encoder.encode(renderMarkdown(doc)) });
  pdf.push({ name: `${district.ags}.pdf`, bytes: await renderPdf(doc) });
}
const references: Sample[] = ['rheingau-taunus-kreis_2024.md', 'limburg-weilburg_2025.txt'].map((name) => ({
  name,
  bytes: new Uint8Array(readFileSync(new URL(`../src/modules/imports/fixtures/${name}`, import.meta.url))),
}));

const rows: Array<[string, number, number]> = [];
const measure = async (label: string, samples: Sample[], run: (sample: Sample) => Promise<void> | void) => {
  const { perSecond, count } = await rate(samples, run);
  rows.push([label, perSecond, count]);
  console.log(`${label.padEnd(44)} ${perSecond.toFixed(0).padStart(7)} docs/s  (${count} runs)`);
};

// Wall-clock rates: on a shared machine the load average says how far to trust them.
const load = () => loadavg().map((value) => value.toFixed(1)).join(' / ');
console.log(`Import benchmark: 26 rendered agreements, ${seconds} s per measurement, Node ${process.version}, load ${load()}\n`);
await measure('txt  extract + parse', txt, importOne);
await measure('md   extract + parse', md, importOne);
await measure('reference agreements (md/txt) extract + parse', references, importOne);
await measure('pdf  extract + parse (unpdf/PDF.js)', pdf, importOne);
await measure('pdf  extract only', pdf, async (sample) => {
  const extracted = await extractText(sample.bytes, sample.name, { districts });
  if (!extracted.ok) throw new Error(extracted.error.code);
});

const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;
if (hasPdftotext) {
  const dir = mkdtempSync(join(tmpdir(), 'aqb-bench-'));
  try {
    const files = pdf.map((sample) => {
      const path = join(dir, sample.name);
      writeFileSync(path, sample.bytes);
      return { name: path, bytes: sample.bytes };
    });
    await measure('pdftotext (spawned, same PDFs)', files, (sample) => {
      const result = spawnSync('pdftotext', ['-enc', 'UTF-8', sample.name, '-']);
      if (result.status !== 0) throw new Error(`pdftotext failed on ${sample.name}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  console.log('pdftotext not installed (apt-get install poppler-utils): no reference measurement.');
}

console.log(`\nload average after the run: ${load()}`);
const get = (prefix: string) => rows.find(([label]) => label.startsWith(prefix))?.[1] ?? 0;
console.log('');
console.log(`Goal txt/md ≥ 500 docs/s: ${Math.min(get('txt'), get('md')) >= 500 ? 'met' : 'NOT met'}`);
if (hasPdftotext) {
  const ratio = get('pdf  extract + parse') / get('pdftotext');
  console.log(`Goal PDF ≥ 0.5 × pdftotext: ratio ${ratio.toFixed(2)} → ${ratio >= 0.5 ? 'met' : 'NOT met'}`);
}

/**
 * Command line start-up: `aqb import one.pdf` as a user runs it (`node bin/aqb.js`, the build),
 * wall time and peak memory (/usr/bin/time) over rounds.
 *   without a database   DATABASE_URL=memory:// (nothing saved: the shipped master data suffices)
 *   with a database      DATABASE_URL=file:<dir> of an existing embedded database
 *   reference            pdftotext on the same PDF (a native tool reading the same file)
 * Goals: ≤ 0.5 s and ≤ 150 MiB without a database; ≤ 1 s with one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { composeAgreement, renderPdf } from '../src/modules/documents/service';
import { RTK_2024 } from '../src/modules/documents/reference-agreements';
import { defaultTemplate } from '../src/modules/documents/service';
import { loadShippedDistricts } from '../src/modules/districts/master-data';
import { closeRenderPool } from '../src/platform/documents/render-pool';
import { finish, hasCommand, report, ROUNDS, rounds, summarize } from './lib/stats';

const dir = mkdtempSync(join(tmpdir(), 'aqb-bench-cli-'));
const pdf = join(dir, 'one.pdf');
const district = loadShippedDistricts().find((d) => d.ags === RTK_2024.district.ags)!;
writeFileSync(pdf, await renderPdf(composeAgreement({ agreement: RTK_2024, district, template: defaultTemplate(2024) })));
await closeRenderPool();
const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const aqb = resolve('bin/aqb.js');
// The build is made (or refreshed) once before measuring, as `npm install` does.
spawnSync(process.execPath, [aqb, '--help'], { stdio: 'ignore' });

function run(env: Record<string, string>, args: string[]): { ms: number; maxRssMb: number; status: number | null } {
  const start = performance.now();
  const command = time ? [time, '-f', '%M', process.execPath, aqb, ...args] : [process.execPath, aqb, ...args];
  const result = spawnSync(command[0]!, command.slice(1), { env: { ...process.env, ...env }, encoding: 'utf8' });
  const ms = performance.now() - start;
  const maxRssMb = time ? Number(result.stderr.trim().split('\n').pop()) / 1024 : Number.NaN;
  return { ms, maxRssMb, status: result.status };
}

try {
  const noDb = await rounds(ROUNDS, async () => {
    const r = run({ DATABASE_URL: 'memory://' }, ['import', pdf]);
    if (r.status !== 0) throw new Error(`aqb import exited ${r.status}`);
    return r.ms;
  }, 1);
  const memory: number[] = [];
  for (let i = 0; i < ROUNDS; i++) memory.push(run({ DATABASE_URL: 'memory://' }, ['import', pdf]).maxRssMb);
  const pdftotext = hasCommand('pdftotext')
    ? summarize(
        await rounds(ROUNDS, async () => {
          const start = performance.now();
          spawnSync('pdftotext', [pdf, '-'], { stdio: 'ignore' });
          return performance.now() - start;
        }),
      )
    : undefined;
  const reference = pdftotext ? { label: 'pdftotext on the same PDF', value: pdftotext } : { label: 'pdftotext', missing: 'not installed — no reference' };
  const wall = summarize(noDb);
  report({
    what: '`aqb import one.pdf`, no database needed (DATABASE_URL=memory://)',
    project: wall,
    unit: 'ms',
    reference,
    ratio: pdftotext ? wall.median / pdftotext.median : undefined,
    goal: '≤ 500 ms',
    met: wall.median <= 500,
  });
  if (time) {
    const rss = summarize(memory);
    report({ what: '`aqb import one.pdf`, no database: peak RSS', project: rss, unit: 'MiB', goal: '≤ 150 MiB', met: rss.max <= 150 });
  } else console.log('/usr/bin/time missing: peak memory not measured');

  // An existing embedded database (created once, outside the measurement).
  const dataDir = join(dir, 'aqb');
  spawnSync(process.execPath, [aqb, 'db', 'seed'], { env: { ...process.env, DATABASE_URL: `file:${dataDir}` }, stdio: 'ignore' });
  const withDb = summarize(
    await rounds(ROUNDS, async () => {
      const r = run({ DATABASE_URL: `file:${dataDir}` }, ['import', pdf]);
      if (r.status !== 0) throw new Error(`aqb import exited ${r.status}`);
      return r.ms;
    }, 1),
  );
  report({
    what: '`aqb import one.pdf` with the embedded database (file:, existing)',
    project: withDb,
    unit: 'ms',
    reference,
    ratio: pdftotext ? withDb.median / pdftotext.median : undefined,
    goal: '≤ 1000 ms',
    met: withDb.median <= 1000,
  });
  const help = summarize(await rounds(ROUNDS, async () => run({}, ['--help']).ms, 1));
  report({ what: '`aqb --help`', project: help, unit: 'ms', goal: '≤ 500 ms (no database)', met: help.median <= 500 });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
finish();

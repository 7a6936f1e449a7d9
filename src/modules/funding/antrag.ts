/**
 * The interchange format `aqb.antrag/1` (issue 13): a district's Antrag for one AQB year with its
 * projects, Träger and Finanzierungspläne, and the checks a file can be put through before it is
 * stored or submitted. Each problem has a stable code, a JSON path and a German message.
 */
import { z } from 'zod';
import type { Executor } from '../../platform/db/client';
import { AgsSchema, YearSchema } from '../../platform/input';
import { formatEuro } from '../../platform/format';
import { findAllocationCents, findBudgetYear, findSubBudgets } from '../budget-years/service';
import { findDistricts } from '../districts/service';
import { IsoDateSchema } from '../documents/schema';
import { planTotals, ProjectInputSchema } from '../projects/schema';
import { projectCompletenessProblems, projectRecordProblems } from '../projects/service';

export const ANTRAG_SCHEMA_ID = 'aqb.antrag/1';

/** One project of the Antrag: the project record's fields (src/modules/projects/schema.ts), unknown keys refused. */
export const AntragProjectSchema = ProjectInputSchema.strict();

export const AntragSchema = z
  .object({
    schema: z.literal(ANTRAG_SCHEMA_ID, { error: `Kennung „${ANTRAG_SCHEMA_ID}“ erwartet` }),
    year: YearSchema,
    district: z.object({ ags: AgsSchema }).strict(),
    /** The date of submission; null or missing in a draft. */
    submittedOn: IsoDateSchema.nullable().default(null),
    projects: z.array(AntragProjectSchema).max(300, 'Höchstens 300 Projekte'),
  })
  .strict();
export type Antrag = z.infer<typeof AntragSchema>;
export type AntragInput = z.input<typeof AntragSchema>;

/**
 * Every code the checks report. SCHEMA_UNGUELTIG and JSON_UNGUELTIG: the file does not follow
 * `aqb.antrag/1`; the rest as in issue 13. STRATEGIE_FEHLT belongs to the submission (the stored
 * strategy documents), never to a file check.
 */
export const ANTRAG_PROBLEM_CODES = [
  'JSON_UNGUELTIG',
  'SCHEMA_UNGUELTIG',
  'GEBIETSKOERPERSCHAFT_UNBEKANNT',
  'JAHR_UNBEKANNT',
  'ZUWEISUNG_FEHLT',
  'ANTRAG_UEBER_ZUWEISUNG',
  'TEILBUDGET_UNBEKANNT',
  'TEILBUDGET_UEBERSCHRITTEN',
  'FINANZIERUNGSPLAN_UNAUSGEGLICHEN',
  'LAUFZEIT_UNGUELTIG',
  'PROJEKT_UNVOLLSTAENDIG',
  'PROJEKT_DOPPELT',
  /** Only at the submission: no regional strategy valid in the AQB year is on file. */
  'STRATEGIE_FEHLT',
] as const;
export type AntragProblemCode = (typeof ANTRAG_PROBLEM_CODES)[number];

/**
 * Problems that only block the submission, never the draft: the money against the allocation and
 * the Teilbudgets, and projects still to be completed (issue 13: "the allocation checks block only
 * the submission, not the draft").
 */
export const SUBMISSION_ONLY_CODES: ReadonlySet<AntragProblemCode> = new Set(['ZUWEISUNG_FEHLT', 'ANTRAG_UEBER_ZUWEISUNG', 'TEILBUDGET_UEBERSCHRITTEN', 'PROJEKT_UNVOLLSTAENDIG']);

export interface AntragProblem {
  code: AntragProblemCode;
  /** JSON path into the file: `$.projects[0].funding`. */
  path: string;
  message: string;
}

export interface AntragTotals {
  aqbCents: number;
  expensesCents: number;
  /** The district's stored allocation of the year; null when there is none. */
  allocationCents: number | null;
}

export interface AntragCheckResult {
  ok: boolean;
  problems: AntragProblem[];
  totals: AntragTotals;
  /** The parsed file when it follows the schema (the import stores it). */
  antrag: Antrag | null;
}

/** ['projects', 0, 'title'] → "$.projects[0].title" */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(String(part)) ? `${text}.${String(part)}` : `${text}[${JSON.stringify(String(part))}]`), '$');
}

/** "end" of project 2 → "$.projects[2].end" (the project checks name fields of one project). */
const projectPath = (index: number, field: string) => `$.projects[${index}]${field ? `.${field}` : ''}`;

const NO_TOTALS: AntragTotals = { aqbCents: 0, expensesCents: 0, allocationCents: null };

/**
 * Reads a JSON text as `aqb.antrag/1` and runs every check the file and the stored allocation and
 * Teilbudgets decide: schema, district and year known, keys unique, Laufzeit in the year, plans
 * balanced to the cent, projects complete, Teilbudgets and the allocation not exceeded. The
 * strategy check (STRATEGIE_FEHLT) belongs to the submission. Never throws for bad input.
 */
export async function checkAntragText(db: Executor, text: string): Promise<AntragCheckResult> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ code: 'JSON_UNGUELTIG', path: '$', message: `Die Datei ist kein gültiges JSON (${error instanceof Error ? error.message : 'unlesbar'}).` }], totals: NO_TOTALS, antrag: null };
  }
  return checkAntrag(db, raw);
}

/** The checks of `checkAntragText` on a parsed value. */
export async function checkAntrag(db: Executor, raw: unknown): Promise<AntragCheckResult> {
  const parsed = AntragSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue): AntragProblem => ({
      code: 'SCHEMA_UNGUELTIG',
      path: jsonPath(issue.path),
      message: issue.code === 'unrecognized_keys' ? `Unbekannte Felder: ${issue.keys.join(', ')}` : issue.message,
    }));
    return { ok: false, problems, totals: NO_TOTALS, antrag: null };
  }
  const antrag = parsed.data;
  const problems: AntragProblem[] = [];
  const totals: AntragTotals = { aqbCents: 0, expensesCents: 0, allocationCents: null };
  for (const project of antrag.projects) {
    const t = planTotals(project);
    totals.aqbCents += t.aqbCents;
    totals.expensesCents += t.expensesCents;
  }

  const districtKnown = (await findDistricts(db)).some((d) => d.ags === antrag.district.ags);
  if (!districtKnown) problems.push({ code: 'GEBIETSKOERPERSCHAFT_UNBEKANNT', path: '$.district.ags', message: `Eine Gebietskörperschaft mit dem AGS „${antrag.district.ags}“ gibt es nicht.` });
  const yearKnown = (await findBudgetYear(db, antrag.year)) !== undefined;
  if (!yearKnown) problems.push({ code: 'JAHR_UNBEKANNT', path: '$.year', message: `Das AQB-Jahr ${antrag.year} ist nicht angelegt.` });

  const seen = new Map<string, number>();
  antrag.projects.forEach((project, index) => {
    const first = seen.get(project.key);
    if (first !== undefined) {
      problems.push({ code: 'PROJEKT_DOPPELT', path: projectPath(index, 'key'), message: `Das Kürzel „${project.key}“ hat schon das Projekt an Stelle ${first + 1} („${antrag.projects[first]!.title}“).` });
    } else seen.set(project.key, index);
    for (const problem of [...projectRecordProblems(antrag.year, project), ...projectCompletenessProblems(project)]) {
      problems.push({ code: problem.code, path: projectPath(index, problem.path), message: `${project.key}: ${problem.message}` });
    }
  });

  if (yearKnown) {
    const subBudgets = await findSubBudgets(db, antrag.year);
    const spent = new Map<string, number>();
    antrag.projects.forEach((project, index) => {
      if (!project.teilbudget) return;
      const part = subBudgets.find((s) => s.name === project.teilbudget);
      if (!part) {
        problems.push({
          code: 'TEILBUDGET_UNBEKANNT',
          path: projectPath(index, 'teilbudget'),
          message: `${project.key}: Ein Teilbudget „${project.teilbudget}“ gibt es im AQB-Jahr ${antrag.year} nicht${subBudgets.length ? ` (vorhanden: ${subBudgets.map((s) => `„${s.name}“`).join(', ')})` : ''}.`,
        });
        return;
      }
      const before = spent.get(part.name) ?? 0;
      const after = before + planTotals(project).aqbCents;
      spent.set(part.name, after);
      // Reported once, at the project that takes the Teilbudget over its amount. The limit is the
      // Teilbudget's amount: district shares of a Teilbudget are not stored yet (docs/decisions/0016).
      if (before <= part.amountCents && after > part.amountCents) {
        problems.push({
          code: 'TEILBUDGET_UEBERSCHRITTEN',
          path: projectPath(index, 'teilbudget'),
          message: `${project.key}: Mit diesem Projekt übersteigt die AQB-Zuwendung für das Teilbudget „${part.name}“ (${formatEuro(after)} bis hier) dessen Betrag von ${formatEuro(part.amountCents)}.`,
        });
      }
    });
  }

  if (districtKnown && yearKnown) {
    totals.allocationCents = (await findAllocationCents(db, antrag.district.ags, antrag.year)) ?? null;
    if (totals.allocationCents === null) {
      problems.push({ code: 'ZUWEISUNG_FEHLT', path: '$.year', message: `Für das AQB-Jahr ${antrag.year} ist dieser Gebietskörperschaft noch kein Betrag zugewiesen.` });
    } else if (totals.aqbCents > totals.allocationCents) {
      problems.push({
        code: 'ANTRAG_UEBER_ZUWEISUNG',
        path: '$.projects',
        message: `Die beantragte AQB-Zuwendung (${formatEuro(totals.aqbCents)}) übersteigt die Zuweisung von ${formatEuro(totals.allocationCents)} um ${formatEuro(totals.aqbCents - totals.allocationCents)}.`,
      });
    }
  }
  return { ok: problems.length === 0, problems, totals, antrag };
}

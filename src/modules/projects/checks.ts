import { formatDate, formatEuro } from '../../platform/format';
import { planTotals, type ProjectInput } from './schema';

/** Stable codes of the project checks (shared with the Antrag checks of `aqb.antrag/1`). */
export type ProjectCheckCode = 'FINANZIERUNGSPLAN_UNAUSGEGLICHEN' | 'LAUFZEIT_UNGUELTIG' | 'PROJEKT_UNVOLLSTAENDIG';

export interface ProjectProblem {
  code: ProjectCheckCode;
  /** Path inside the project (`end`, `funding`, `provider` …). */
  path: string;
  message: string;
}

/**
 * What makes a stored project wrong, whatever state the Antrag is in: expenses and funding that
 * differ (to the cent) and a Laufzeit outside the AQB year or ending before it starts. An empty
 * plan is no problem here (a draft may be filled in later; the Antrag's completeness check says so).
 */
export function projectRecordProblems(year: number, project: Pick<ProjectInput, 'start' | 'end' | 'expenses' | 'funding'>): ProjectProblem[] {
  const problems: ProjectProblem[] = [];
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  for (const [field, value, label] of [
    ['start', project.start, 'Der Beginn'],
    ['end', project.end, 'Das Ende'],
  ] as const) {
    if (value !== null && (value < first || value > last)) {
      problems.push({ code: 'LAUFZEIT_UNGUELTIG', path: field, message: `${label} (${formatDate(value)}) liegt nicht im AQB-Jahr ${year} (${formatDate(first)} bis ${formatDate(last)}).` });
    }
  }
  if (project.start !== null && project.end !== null && project.end < project.start) {
    problems.push({ code: 'LAUFZEIT_UNGUELTIG', path: 'end', message: `Das Ende (${formatDate(project.end)}) liegt vor dem Beginn (${formatDate(project.start)}).` });
  }
  if (project.expenses.length + project.funding.length > 0) {
    const totals = planTotals(project);
    if (totals.expensesCents !== totals.fundingCents) {
      const difference = totals.expensesCents - totals.fundingCents;
      problems.push({
        code: 'FINANZIERUNGSPLAN_UNAUSGEGLICHEN',
        path: 'funding',
        message: `Ausgaben (${formatEuro(totals.expensesCents)}) und Finanzierung (${formatEuro(totals.fundingCents)}) müssen auf den Cent gleich sein: ${
          difference > 0 ? `es fehlen ${formatEuro(difference)} Finanzierung` : `die Finanzierung übersteigt die Ausgaben um ${formatEuro(-difference)}`
        }.`,
      });
    }
  }
  return problems;
}

/** What a project needs before its Antrag is submitted: a Träger and at least one expense line (the Maßnahmenart is required by the schema). */
export function projectCompletenessProblems(project: Pick<ProjectInput, 'provider' | 'expenses'>): ProjectProblem[] {
  const problems: ProjectProblem[] = [];
  if (!project.provider) problems.push({ code: 'PROJEKT_UNVOLLSTAENDIG', path: 'provider', message: 'Es ist kein Träger angegeben.' });
  if (project.expenses.length === 0) problems.push({ code: 'PROJEKT_UNVOLLSTAENDIG', path: 'expenses', message: 'Der Finanzierungsplan hat keine Ausgabenposition.' });
  return problems;
}

import { formatDate, formatEuroNumber } from '../../platform/format';
import { checkText, parseEuro, parseGermanDate } from '../../platform/input';
import type { FieldErrors } from '../../ui/forms';
import { EXPENSE_CATEGORIES, type ExpenseCategory, FUNDING_SOURCES, type FundingSource, MAX_PLANNED_OUTCOME, PLANNED_OUTCOMES, type PlannedOutcome, type PlannedOutcomes, type Project, type ProjectInputDraft, type Provider, TARGET_GROUPS } from './schema';

/** Form field of a planned outcome: `ergebnis_ausbildungsabschluss` … */
export const outcomeField = (code: PlannedOutcome) => `ergebnis_${code}`;

/**
 * The project form without JavaScript: every field is a string as typed; the Finanzierungsplan is
 * a number of rows (`ausgaben_zeilen`, `finanzierung_zeilen`), a blank row is ignored, "Weitere
 * Zeile" re-renders the form with one more row and saves nothing.
 */
export interface ExpenseRow {
  category: string;
  label: string;
  amount: string;
}
export interface FundingRow {
  source: string;
  amount: string;
}
export interface ProjectFormValues {
  key: string;
  title: string;
  measureType: string;
  teilbudget: string;
  /** A provider id, '' (none) or 'neu' (the two fields below). */
  provider: string;
  providerName: string;
  providerAddress: string;
  start: string;
  end: string;
  earlyStart: boolean;
  plannedPlaces: string;
  /** Planned outcomes as typed, by code ('' = not planned). */
  plannedOutcomes: Record<PlannedOutcome, string>;
  targetGroups: string[];
  expenses: ExpenseRow[];
  funding: FundingRow[];
}

export const MAX_EXPENSE_ROWS = 100;
export const MAX_FUNDING_ROWS = 50;
const SPARE_EXPENSE_ROWS = 3;
const SPARE_FUNDING_ROWS = 2;

const emptyExpense = (): ExpenseRow => ({ category: '', label: '', amount: '' });
const emptyFunding = (): FundingRow => ({ source: '', amount: '' });

function padRows<T>(rows: T[], spare: number, max: number, make: () => T): T[] {
  const wanted = Math.min(max, Math.max(rows.length + spare, spare + 1));
  return [...rows, ...Array.from({ length: Math.max(0, wanted - rows.length) }, make)];
}

/** The form of a stored project (or an empty one), with spare empty plan rows. */
export function formValuesOf(project: Project | null, subBudgetName: string | null = null): ProjectFormValues {
  return {
    key: project?.key ?? '',
    title: project?.title ?? '',
    measureType: project ? String(project.measureType) : '',
    teilbudget: subBudgetName ?? '',
    provider: project?.provider ? String(project.provider.id) : '',
    providerName: '',
    providerAddress: '',
    start: project?.start ? formatDate(project.start) : '',
    end: project?.end ? formatDate(project.end) : '',
    earlyStart: project?.earlyStart ?? false,
    plannedPlaces: project?.plannedPlaces === null || project?.plannedPlaces === undefined ? '' : String(project.plannedPlaces),
    plannedOutcomes: Object.fromEntries(PLANNED_OUTCOMES.map((code) => [code, project?.plannedOutcomes[code] === undefined ? '' : String(project.plannedOutcomes[code])])) as Record<PlannedOutcome, string>,
    targetGroups: [...(project?.targetGroups ?? [])],
    expenses: padRows(
      (project?.expenses ?? []).map((line) => ({ category: line.category, label: line.label, amount: formatEuroNumber(line.amountCents) })),
      SPARE_EXPENSE_ROWS,
      MAX_EXPENSE_ROWS,
      emptyExpense,
    ),
    funding: padRows(
      (project?.funding ?? []).map((line) => ({ source: line.source, amount: formatEuroNumber(line.amountCents) })),
      SPARE_FUNDING_ROWS,
      MAX_FUNDING_ROWS,
      emptyFunding,
    ),
  };
}

type Body = Record<string, unknown>;
function field(body: Body, name: string, max = 2000): string {
  if (!Object.prototype.hasOwnProperty.call(body, name)) return '';
  const value = body[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

function rowCount(body: Body, name: string, max: number): number {
  const text = field(body, name, 10);
  if (!/^\d{1,3}$/.test(text)) return 0;
  return Math.min(max, Number(text));
}

/** Reads the posted form back into its values (never throws; unknown fields are ignored). */
export function readProjectForm(body: Body): { values: ProjectFormValues; action: 'speichern' | 'ausgabe_zeile' | 'finanzierung_zeile' } {
  const expenseRows = rowCount(body, 'ausgaben_zeilen', MAX_EXPENSE_ROWS);
  const fundingRows = rowCount(body, 'finanzierung_zeilen', MAX_FUNDING_ROWS);
  const values: ProjectFormValues = {
    key: field(body, 'kuerzel', 200),
    title: field(body, 'titel', 1000),
    measureType: field(body, 'massnahmenart', 5),
    teilbudget: field(body, 'teilbudget', 400),
    provider: field(body, 'traeger', 20),
    providerName: field(body, 'traeger_name', 400),
    providerAddress: field(body, 'traeger_anschrift', 600),
    start: field(body, 'beginn', 40),
    end: field(body, 'ende', 40),
    earlyStart: field(body, 'vorzeitig', 5) === '1',
    plannedPlaces: field(body, 'plaetze', 20),
    plannedOutcomes: Object.fromEntries(PLANNED_OUTCOMES.map((code) => [code, field(body, outcomeField(code), 20)])) as Record<PlannedOutcome, string>,
    targetGroups: TARGET_GROUPS.filter((_group, index) => field(body, `zielgruppe_${index}`, 5) === '1'),
    expenses: Array.from({ length: expenseRows }, (_v, i) => ({
      category: field(body, `ausgabe_${i}_art`, 40),
      label: field(body, `ausgabe_${i}_bezeichnung`, 600),
      amount: field(body, `ausgabe_${i}_betrag`, 40),
    })),
    funding: Array.from({ length: fundingRows }, (_v, i) => ({ source: field(body, `finanzierung_${i}_quelle`, 40), amount: field(body, `finanzierung_${i}_betrag`, 40) })),
  };
  const posted = field(body, 'aktion', 40);
  const action = posted === 'ausgabe_zeile' || posted === 'finanzierung_zeile' ? posted : 'speichern';
  return { values, action };
}

/** The values with one more empty row in the named part of the plan (up to the limit). */
export function withExtraRow(values: ProjectFormValues, part: 'ausgabe_zeile' | 'finanzierung_zeile'): ProjectFormValues {
  if (part === 'ausgabe_zeile') return { ...values, expenses: values.expenses.length < MAX_EXPENSE_ROWS ? [...values.expenses, emptyExpense()] : values.expenses };
  return { ...values, funding: values.funding.length < MAX_FUNDING_ROWS ? [...values.funding, emptyFunding()] : values.funding };
}

/** At least one spare empty row in each part, so a re-rendered form can always take a new line. */
export function withSpareRows(values: ProjectFormValues): ProjectFormValues {
  const blankExpense = (row: ExpenseRow) => !row.category && !row.label.trim() && !row.amount.trim();
  const blankFunding = (row: FundingRow) => !row.source && !row.amount.trim();
  return {
    ...values,
    expenses: values.expenses.some(blankExpense) || values.expenses.length >= MAX_EXPENSE_ROWS ? values.expenses : [...values.expenses, emptyExpense()],
    funding: values.funding.some(blankFunding) || values.funding.length >= MAX_FUNDING_ROWS ? values.funding : [...values.funding, emptyFunding()],
  };
}

/**
 * Turns the typed values into the input of `saveProject` (the shape of one `aqb.antrag/1`
 * project), with a German message per field for what cannot be read. The provider list resolves a
 * chosen Träger; the use case checks the rest (key taken, Laufzeit, plan balance …).
 */
export function parseProjectForm(values: ProjectFormValues, providerList: readonly Provider[]): { input: ProjectInputDraft; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const requiredText = (name: string, value: string, max: number) => {
    const message = checkText(value, max);
    if (message) errors[name] = message;
    return value.trim();
  };
  const key = values.key.trim();
  if (!key) errors.kuerzel = 'Bitte geben Sie ein Kürzel an (z. B. P1).';
  const title = requiredText('titel', values.title, 500);
  const measureType = /^[1-4]$/.test(values.measureType) ? (Number(values.measureType) as 1 | 2 | 3 | 4) : undefined;
  if (measureType === undefined) errors.massnahmenart = 'Bitte wählen Sie die Maßnahmenart.';

  let provider: ProjectInputDraft['provider'] = null;
  if (values.provider === 'neu') {
    const nameMessage = checkText(values.providerName, 200, { required: 'Bitte geben Sie den Namen des neuen Trägers an.' });
    if (nameMessage) errors.traeger_name = nameMessage;
    const addressMessage = checkText(values.providerAddress, 300, { min: 0 });
    if (addressMessage) errors.traeger_anschrift = addressMessage;
    provider = { name: values.providerName.trim(), address: values.providerAddress.trim() };
  } else if (values.provider !== '') {
    const chosen = providerList.find((p) => String(p.id) === values.provider);
    if (!chosen) errors.traeger = 'Bitte wählen Sie einen Träger aus der Liste.';
    else provider = { name: chosen.name, address: chosen.address };
  }

  const date = (name: string, text: string) => {
    if (!text.trim()) return null;
    const iso = parseGermanDate(text);
    if (!iso) errors[name] = 'Bitte geben Sie ein gültiges Datum ein (z. B. 1.1.2025).';
    return iso;
  };
  const start = date('beginn', values.start);
  const end = date('ende', values.end);

  let plannedPlaces: number | null = null;
  if (values.plannedPlaces.trim()) {
    const text = values.plannedPlaces.trim();
    if (!/^\d{1,6}$/.test(text) || Number(text) > 100_000) errors.plaetze = 'Bitte geben Sie die Zahl der Plätze als ganze Zahl ein (höchstens 100.000).';
    else plannedPlaces = Number(text);
  }

  const plannedOutcomes: PlannedOutcomes = {};
  for (const code of PLANNED_OUTCOMES) {
    const text = values.plannedOutcomes[code].trim();
    if (!text) continue;
    if (!/^\d{1,6}$/.test(text) || Number(text) > MAX_PLANNED_OUTCOME) errors[outcomeField(code)] = 'Bitte geben Sie eine ganze Zahl ab 0 ein (höchstens 100.000) oder lassen Sie das Feld leer.';
    else plannedOutcomes[code] = Number(text);
  }

  const expenses: Array<{ category: ExpenseCategory; label: string; amountCents: number }> = [];
  values.expenses.forEach((row, i) => {
    if (!row.category && !row.label.trim() && !row.amount.trim()) return;
    const category = (EXPENSE_CATEGORIES as readonly string[]).includes(row.category) ? (row.category as ExpenseCategory) : undefined;
    if (!category) errors[`ausgabe_${i}_art`] = 'Bitte wählen Sie die Ausgabenart.';
    const labelMessage = checkText(row.label, 300, { required: 'Bitte beschreiben Sie die Ausgabe.' });
    if (labelMessage) errors[`ausgabe_${i}_bezeichnung`] = labelMessage;
    const amount = parseEuro(row.amount);
    if (!amount.ok) errors[`ausgabe_${i}_betrag`] = amount.message;
    if (category && !labelMessage && amount.ok) expenses.push({ category, label: row.label.trim(), amountCents: amount.cents });
  });
  const funding: Array<{ source: FundingSource; amountCents: number }> = [];
  values.funding.forEach((row, i) => {
    if (!row.source && !row.amount.trim()) return;
    const source = (FUNDING_SOURCES as readonly string[]).includes(row.source) ? (row.source as FundingSource) : undefined;
    if (!source) errors[`finanzierung_${i}_quelle`] = 'Bitte wählen Sie die Finanzierungsquelle.';
    const amount = parseEuro(row.amount);
    if (!amount.ok) errors[`finanzierung_${i}_betrag`] = amount.message;
    if (source && amount.ok) funding.push({ source, amountCents: amount.cents });
  });

  return {
    input: {
      key,
      title,
      measureType: measureType ?? 1,
      teilbudget: values.teilbudget.trim() || null,
      provider,
      start,
      end,
      earlyStart: values.earlyStart,
      plannedPlaces,
      plannedOutcomes,
      targetGroups: values.targetGroups as ProjectInputDraft['targetGroups'],
      expenses,
      funding,
    },
    errors,
  };
}

/** Where a use-case issue (path in `aqb.antrag/1` terms) is shown in the form. */
export function formFieldOf(path: string): string {
  const line = /^(expenses|funding)\.(\d+)\.(\w+)$/.exec(path);
  if (line) {
    const [, part, index, name] = line;
    if (part === 'expenses') return `ausgabe_${index}_${name === 'category' ? 'art' : name === 'label' ? 'bezeichnung' : 'betrag'}`;
    return `finanzierung_${index}_${name === 'source' ? 'quelle' : 'betrag'}`;
  }
  const outcome = /^plannedOutcomes\.(\w+)$/.exec(path);
  if (outcome && (PLANNED_OUTCOMES as readonly string[]).includes(outcome[1]!)) return outcomeField(outcome[1] as PlannedOutcome);
  const map: Record<string, string> = {
    key: 'kuerzel',
    title: 'titel',
    measureType: 'massnahmenart',
    teilbudget: 'teilbudget',
    provider: 'traeger',
    'provider.name': 'traeger_name',
    'provider.address': 'traeger_anschrift',
    start: 'beginn',
    end: 'ende',
    plannedPlaces: 'plaetze',
    targetGroups: 'zielgruppen',
    expenses: 'ausgaben',
    funding: 'finanzierung',
  };
  return map[path] ?? map[path.split('.')[0]!] ?? 'titel';
}

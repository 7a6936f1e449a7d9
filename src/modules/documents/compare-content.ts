/**
 * What changed between two agreements in the terms a reader asks about: the § 4 amount as old →
 * new, and per Maßnahmenart the projects that are new, gone or kept. Pure; titles are compared
 * after normalising spaces and typographic quotes, so a re-typed quote is not a "new" project.
 */
import type { AgreementInterchange, MeasureTypeCode } from './schema';

export interface MeasureChange {
  type: MeasureTypeCode;
  added: string[];
  removed: string[];
  unchanged: string[];
}

export interface ContentComparison {
  amount: { fromCents: number; toCents: number; changeCents: number };
  measures: MeasureChange[];
}

function titleKey(title: string): string {
  return title
    .normalize('NFC')
    .replace(/[„“”"«»]/g, '"')
    .replace(/[‚‘’']/g, "'")
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLocaleLowerCase('de-DE');
}

/** Compares `before` with `after`; the order of each list is the order in the agreement it comes from. */
export function compareAgreementContent(before: Pick<AgreementInterchange, 'amountCents' | 'measures'>, after: Pick<AgreementInterchange, 'amountCents' | 'measures'>): ContentComparison {
  const types = [...new Set([...before.measures, ...after.measures].map((m) => m.type))].sort((a, b) => a - b) as MeasureTypeCode[];
  const titlesOf = (content: Pick<AgreementInterchange, 'measures'>, type: MeasureTypeCode) => content.measures.filter((m) => m.type === type).flatMap((m) => m.projects.map((p) => p.title));
  return {
    amount: { fromCents: before.amountCents, toCents: after.amountCents, changeCents: after.amountCents - before.amountCents },
    measures: types.map((type) => {
      const old = titlesOf(before, type);
      const now = titlesOf(after, type);
      const oldKeys = new Set(old.map(titleKey));
      const newKeys = new Set(now.map(titleKey));
      return {
        type,
        added: now.filter((t) => !oldKeys.has(titleKey(t))),
        removed: old.filter((t) => !newKeys.has(titleKey(t))),
        unchanged: now.filter((t) => oldKeys.has(titleKey(t))),
      };
    }),
  };
}

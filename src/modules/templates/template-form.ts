import type { YearTemplateContent } from '../documents/service';
import type { FieldIssue } from '../../platform/errors';

/**
 * The web form of a year template: one field per text block, named by its path in
 * YearTemplateContent ("sections.4.paragraphs.0"), so zod issue paths land next to their field.
 * The number of paragraphs is that of the current version (this editor changes wording, not
 * structure). Multi-line fields ("lines") hold one printed line per text line.
 */
export interface TemplateField {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'lines' | 'boolean';
  /** A nullable text: empty means "none". */
  isOptional?: boolean;
  hint?: string;
}

export interface TemplateFieldGroup {
  id: string;
  legend: string;
  fields: TemplateField[];
}

export const NOTE_FIELD = 'note';
export const PREVIEW_DISTRICT_FIELD = 'vorschau_ags';
/** Pseudo field for issues that belong to no single field; the form element carries its id. */
export const FORM_FIELD = 'vorlage';

const paragraphLabel = (index: number, count: number) => (count === 1 ? 'Text' : `Absatz ${index + 1}`);

/** The field groups for a template of this shape, in document order. */
export function templateFieldGroups(shape: YearTemplateContent): TemplateFieldGroup[] {
  const groups: TemplateFieldGroup[] = [
    {
      id: 'titel',
      legend: 'Titel',
      fields: [
        { name: 'title.heading', label: 'Überschrift', kind: 'text' },
        { name: 'title.lines', label: 'Zeilen unter der Überschrift', kind: 'lines', hint: 'Eine Zeile je gedruckter Zeile.' },
      ],
    },
    {
      id: 'praeambel',
      legend: 'Präambel',
      fields: [
        { name: 'preamble.heading', label: 'Überschrift der Präambel', kind: 'text' },
        {
          name: 'buendnisPeriod',
          label: 'Laufzeit des Bündnisses für Ausbildung',
          kind: 'text',
          hint: 'Wird über den Platzhalter {{buendnis}} eingesetzt, z. B. „2025 bis 2029“.',
        },
        ...shape.preamble.paragraphs.map((_, i, all): TemplateField => ({
          name: `preamble.paragraphs.${i}`,
          label: `Präambel, ${paragraphLabel(i, all.length)}`,
          kind: 'textarea',
        })),
      ],
    },
  ];
  shape.sections.forEach((section, s) => {
    const label = `§ ${section.number}`;
    const fields: TemplateField[] = [{ name: `sections.${s}.heading`, label: `${label} Überschrift`, kind: 'text' }];
    if (section.subheading !== null) {
      fields.push({ name: `sections.${s}.subheading`, label: `${label} Unterüberschrift`, kind: 'text', isOptional: true, hint: 'Leer lassen, wenn keine gedruckt werden soll.' });
    }
    section.paragraphs.forEach((_, p, all) => {
      const suffix = section.number === 4 ? ' (vor dem Betrag)' : section.number === 5 ? ' (vor den Projekten)' : '';
      fields.push({ name: `sections.${s}.paragraphs.${p}`, label: `${label}, ${paragraphLabel(p, all.length)}${suffix}`, kind: 'textarea' });
    });
    section.closingParagraphs.forEach((_, p, all) => {
      const where = section.number === 4 ? 'nach dem Betrag' : 'nach den Projekten';
      fields.push({ name: `sections.${s}.closingParagraphs.${p}`, label: `${label}, ${all.length === 1 ? 'Absatz' : `Absatz ${p + 1}`} ${where}`, kind: 'textarea' });
    });
    if (section.number === 4) {
      fields.push({ name: 'eckdatenTable', label: 'Tabelle „Eckdaten“ nach dem Betrag drucken (je Maßnahmenart: Projekte, AQB-Mittel, Plätze, geplante Abschlüsse und Übergänge aus den Projekten)', kind: 'boolean' });
    }
    groups.push({ id: `paragraph-${section.number}`, legend: label, fields });
  });
  groups.push(
    {
      id: 'massnahmenarten',
      legend: 'Maßnahmenarten in § 5',
      fields: [
        ...shape.measureTypeLabels.map((_, i): TemplateField => ({ name: `measureTypeLabels.${i}`, label: `Maßnahmenart ${i + 1}`, kind: 'text' })),
        { name: 'numberMeasureTypes', label: 'Maßnahmenarten nummeriert drucken („1. Ausbildungsvorbereitung“)', kind: 'boolean' },
      ],
    },
    {
      id: 'unterschrift',
      legend: 'Unterschrift des Landes',
      fields: [{ name: 'ministry.signatureLines', label: 'Ministerium unter der Unterschrift', kind: 'lines', hint: 'Eine Zeile je gedruckter Zeile.' }],
    },
  );
  return groups;
}

function getPath(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((current, key) => (current == null ? undefined : (current as Record<string, unknown>)[key]), value);
}

/** The form values of a stored template (what the edit page shows first). */
export function formValuesFromContent(content: YearTemplateContent): Record<string, string> {
  const values: Record<string, string> = {};
  for (const group of templateFieldGroups(content)) {
    for (const field of group.fields) {
      const value = getPath(content, field.name);
      if (field.kind === 'lines') values[field.name] = (value as string[]).join('\n');
      else if (field.kind === 'boolean') values[field.name] = value ? 'ja' : 'nein';
      else values[field.name] = (value as string | null) ?? '';
    }
  }
  return values;
}

const field = (form: Record<string, string>, name: string) => (form[name] ?? '').replace(/\r\n?/g, '\n');

/**
 * Builds the template content from the posted form, using `shape` (the current version) for the
 * structure. The result is unvalidated: run it through YearTemplateContentSchema.
 */
export function contentFromForm(form: Record<string, string>, shape: YearTemplateContent): unknown {
  const lines = (name: string) =>
    field(form, name)
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
  return {
    title: { heading: field(form, 'title.heading'), lines: lines('title.lines') },
    buendnisPeriod: field(form, 'buendnisPeriod'),
    preamble: {
      heading: field(form, 'preamble.heading'),
      paragraphs: shape.preamble.paragraphs.map((_, i) => field(form, `preamble.paragraphs.${i}`)),
    },
    sections: shape.sections.map((section, s) => ({
      number: section.number,
      heading: field(form, `sections.${s}.heading`),
      subheading: section.subheading === null || field(form, `sections.${s}.subheading`).trim() === '' ? null : field(form, `sections.${s}.subheading`),
      paragraphs: section.paragraphs.map((_, p) => field(form, `sections.${s}.paragraphs.${p}`)),
      closingParagraphs: section.closingParagraphs.map((_, p) => field(form, `sections.${s}.closingParagraphs.${p}`)),
    })),
    measureTypeLabels: shape.measureTypeLabels.map((_, i) => field(form, `measureTypeLabels.${i}`)),
    // Only written when chosen: a template without the table keeps the reference shape exactly.
    ...(field(form, 'eckdatenTable') === 'ja' ? { eckdatenTable: true } : {}),
    numberMeasureTypes: field(form, 'numberMeasureTypes') === 'ja',
    ministry: { signatureLines: lines('ministry.signatureLines') },
  };
}

/**
 * Assigns each issue to the form field it belongs to (the longest field name that is a prefix of
 * its path, e.g. "title.lines.2" → "title.lines"); the first message per field wins. Issues of no
 * field are collected under FORM_FIELD (the summary links to the form itself).
 */
export function fieldErrorsFromIssues(issues: FieldIssue[], shape: YearTemplateContent): Record<string, string> {
  const names = [NOTE_FIELD, ...templateFieldGroups(shape).flatMap((g) => g.fields.map((f) => f.name))].sort((a, b) => b.length - a.length);
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const name = names.find((n) => issue.path === n || issue.path.startsWith(`${n}.`)) ?? FORM_FIELD;
    errors[name] ??= issue.message;
  }
  return errors;
}

/** The label of every field, for the error summary. */
export function fieldLabels(shape: YearTemplateContent): Record<string, string> {
  const labels: Record<string, string> = { [NOTE_FIELD]: 'Änderungsnotiz', [FORM_FIELD]: 'Vorlage' };
  for (const group of templateFieldGroups(shape)) for (const f of group.fields) labels[f.name] = f.label;
  return labels;
}

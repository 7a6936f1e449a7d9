import { describe, expect, it } from 'vitest';
import { defaultTemplate, YearTemplateContentSchema } from '../documents/service';
import { contentFromForm, fieldErrorsFromIssues, formValuesFromContent, templateFieldGroups } from './template-form';

describe('template form mapping', () => {
  for (const year of [2024, 2025]) {
    it(`turns the ${year} template into form values and back without loss`, () => {
      const content = defaultTemplate(year);
      const roundTrip = YearTemplateContentSchema.parse(contentFromForm(formValuesFromContent(content), content));
      expect(roundTrip).toEqual(content);
    });
  }

  it('offers the § 4 Eckdaten table as a yes/no field; chosen it is written, not chosen the content keeps the reference shape', () => {
    const content = defaultTemplate(2025);
    const field = templateFieldGroups(content).find((g) => g.id === 'paragraph-4')!.fields.find((f) => f.name === 'eckdatenTable');
    expect(field?.kind).toBe('boolean');
    const values = formValuesFromContent(content);
    expect(values.eckdatenTable).toBe('nein');
    expect(contentFromForm(values, content)).not.toHaveProperty('eckdatenTable');
    const on = YearTemplateContentSchema.parse(contentFromForm({ ...values, eckdatenTable: 'ja' }, content));
    expect(on.eckdatenTable).toBe(true);
    expect(formValuesFromContent(on).eckdatenTable).toBe('ja');
  });

  it('has one field per text block with unique names', () => {
    const content = defaultTemplate(2025);
    const names = templateFieldGroups(content).flatMap((g) => g.fields.map((f) => f.name));
    expect(new Set(names).size).toBe(names.length);
    const paragraphs = content.preamble.paragraphs.length + content.sections.reduce((n, s) => n + s.paragraphs.length + s.closingParagraphs.length, 0);
    expect(names.filter((n) => /paragraphs\.\d+$|closingParagraphs\.\d+$/.test(n))).toHaveLength(paragraphs);
  });

  it('splits line fields, drops blank lines and normalises Windows line ends', () => {
    const content = defaultTemplate(2024);
    const form = { ...formValuesFromContent(content), 'ministry.signatureLines': 'Hessisches Ministerium\r\n\r\n  für Arbeit  \r\n' };
    const result = contentFromForm(form, content) as { ministry: { signatureLines: string[] } };
    expect(result.ministry.signatureLines).toEqual(['Hessisches Ministerium', 'für Arbeit']);
  });

  it('puts each issue next to its field; line issues on the lines field; others on the form', () => {
    const errors = fieldErrorsFromIssues(
      [
        { path: 'sections.6.paragraphs.1', message: 'Unbekannter Platzhalter' },
        { path: 'sections.6.paragraphs.1', message: 'zweite Meldung' },
        { path: 'title.lines.2', message: 'Darf nicht leer sein' },
        { path: 'note', message: 'Bitte beschreiben Sie die Änderung.' },
        { path: 'sections', message: 'Genau sieben Paragraphen' },
      ],
      defaultTemplate(2025),
    );
    expect(errors).toEqual({
      'sections.6.paragraphs.1': 'Unbekannter Platzhalter',
      'title.lines': 'Darf nicht leer sein',
      note: 'Bitte beschreiben Sie die Änderung.',
      vorlage: 'Genau sieben Paragraphen',
    });
  });
});

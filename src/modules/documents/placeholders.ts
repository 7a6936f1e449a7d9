import type { District } from '../districts/schema';

/**
 * The fixed placeholder vocabulary of the year templates. District words come only from the
 * district's case forms (master data), so no template can glue "Landkreis" to a name that already
 * carries its type ("Landkreis Rheingau-Taunus-Kreis", DOMAIN.md 3.5).
 */
export interface PlaceholderValues {
  year: number;
  district: District;
  /** The § 4 amount already formatted ("787.100 Euro"). */
  amount: string;
  /** The Bündnis period of the year as text ("2020 bis 2024"). */
  buendnisPeriod: string;
}

interface PlaceholderDefinition {
  name: string;
  description: string;
  example: string;
  resolve: (values: PlaceholderValues) => string;
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase('de-DE') + text.slice(1);
}

const CASES = [
  { key: 'nom', label: 'Nominativ (wer?)', exampleVerb: 'finanziert' },
  { key: 'gen', label: 'Genitiv (wessen?)', exampleVerb: '' },
  { key: 'dat', label: 'Dativ (wem?)', exampleVerb: '' },
  { key: 'akk', label: 'Akkusativ (wen?)', exampleVerb: '' },
] as const;

const DEFINITIONS: PlaceholderDefinition[] = [
  {
    name: 'jahr',
    description: 'Das AQB-Jahr der Zielvereinbarung.',
    example: '2024',
    resolve: (v) => String(v.year),
  },
  ...CASES.flatMap(({ key, label }): PlaceholderDefinition[] => [
    {
      name: `gk.${key}`,
      description: `Gebietskörperschaft im ${label} mit kleingeschriebenem Artikel, für die Satzmitte.`,
      example: key === 'nom' ? 'der Rheingau-Taunus-Kreis / die Stadt Kassel' : key === 'gen' ? 'des Rheingau-Taunus-Kreises / der Stadt Kassel' : key === 'dat' ? 'dem Rheingau-Taunus-Kreis / der Stadt Kassel' : 'den Rheingau-Taunus-Kreis / die Stadt Kassel',
      resolve: (v) => v.district.forms[key],
    },
    {
      name: `gk.${capitalise(key)}`,
      description: `Gebietskörperschaft im ${label} mit großgeschriebenem Artikel, für den Satzanfang.`,
      example: key === 'nom' ? 'Der Rheingau-Taunus-Kreis / Die Stadt Kassel' : key === 'gen' ? 'Des Rheingau-Taunus-Kreises / Der Stadt Kassel' : key === 'dat' ? 'Dem Rheingau-Taunus-Kreis / Der Stadt Kassel' : 'Den Rheingau-Taunus-Kreis / Die Stadt Kassel',
      resolve: (v) => capitalise(v.district.forms[key]),
    },
  ]),
  {
    name: 'gk.name',
    description: 'Amtlicher Name der Gebietskörperschaft ohne Artikel.',
    example: 'Landkreis Limburg-Weilburg / Hochtaunuskreis / Stadt Kassel',
    resolve: (v) => v.district.officialName,
  },
  {
    name: 'betrag',
    description: 'Der vereinbarte Betrag, wie er in § 4 gedruckt wird.',
    example: '787.100 Euro',
    resolve: (v) => v.amount,
  },
  {
    name: 'buendnis',
    description: 'Laufzeit des Bündnisses für Ausbildung, wie sie für das Jahr hinterlegt ist.',
    example: '2020 bis 2024',
    resolve: (v) => v.buendnisPeriod,
  },
];

const BY_NAME = new Map(DEFINITIONS.map((d) => [d.name, d]));

/** Placeholder syntax: `{{name}}`, spaces inside the braces are tolerated. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders an editor may use, with German descriptions and examples for the help panel. */
export function listPlaceholders(): Array<{ placeholder: string; description: string; example: string }> {
  return DEFINITIONS.map((d) => ({ placeholder: `{{${d.name}}}`, description: d.description, example: d.example }));
}

/**
 * Checks one template text and returns German messages (empty when valid): unknown placeholders
 * and stray braces. Used by the schema and directly by the ministry's web editor.
 */
export function validateTemplateText(text: string): string[] {
  const messages: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!BY_NAME.has(name)) {
      messages.push(
        name === ''
          ? 'Leerer Platzhalter „{{}}“.'
          : `Unbekannter Platzhalter „{{${name}}}“. Erlaubt sind: ${DEFINITIONS.map((d) => `{{${d.name}}}`).join(', ')}.`,
      );
    }
  }
  const rest = text.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}') || /[{}]/.test(rest)) {
    messages.push('Geschweifte Klammern sind nur als vollständiger Platzhalter „{{…}}“ erlaubt.');
  }
  return messages;
}

/** Replaces every placeholder; throws a TypeError for unknown names (validated templates never have them). */
export function fillTemplateText(text: string, values: PlaceholderValues): string {
  return text.replace(PLACEHOLDER, (_whole, rawName: string) => {
    const definition = BY_NAME.get(rawName);
    if (!definition) throw new TypeError(`Unbekannter Platzhalter {{${rawName}}}`);
    return definition.resolve(values);
  });
}

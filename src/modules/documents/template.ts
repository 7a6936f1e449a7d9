import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { validateTemplateText } from './placeholders';

/** Editable text with placeholders: every unknown placeholder is a field error in German. */
const TemplateTextSchema = z
  .string()
  .trim()
  .min(1, 'Darf nicht leer sein')
  .max(5000, 'Höchstens 5000 Zeichen')
  .superRefine((value, ctx) => {
    for (const message of validateTemplateText(value)) ctx.addIssue({ code: 'custom', message });
  });

/** Text without placeholders (signature lines, labels): braces would be printed literally, so refuse them. */
const PlainTextSchema = z
  .string()
  .trim()
  .min(1, 'Darf nicht leer sein')
  .max(500, 'Höchstens 500 Zeichen')
  .refine((value) => !/[{}]/.test(value), 'Platzhalter sind hier nicht erlaubt');

const ParagraphsSchema = z.array(TemplateTextSchema).max(30, 'Höchstens 30 Absätze');

/**
 * One § of the agreement. § 4 prints the amount line and § 5 the Maßnahmenart lists between
 * `paragraphs` and `closingParagraphs`; the other sections have no closing paragraphs.
 */
export const SectionTemplateSchema = z.object({
  number: z.number().int().min(1).max(7),
  heading: TemplateTextSchema,
  subheading: TemplateTextSchema.nullable(),
  paragraphs: ParagraphsSchema.min(1, 'Mindestens ein Absatz'),
  closingParagraphs: ParagraphsSchema,
});
export type SectionTemplate = z.infer<typeof SectionTemplateSchema>;

/** The standard text of one AQB year, as the ministry edits it. */
export const YearTemplateContentSchema = z.object({
  title: z.object({
    /** The document heading ("Zielvereinbarung"). */
    heading: PlainTextSchema,
    /** The lines under the heading ("{{jahr}}", "zwischen", …, "und {{gk.dat}}", …). */
    lines: z.array(TemplateTextSchema).min(1).max(20),
  }),
  /** The Bündnis period printed in the Präambel via {{buendnis}} ("2020 bis 2024"). */
  buendnisPeriod: PlainTextSchema,
  preamble: z.object({ heading: PlainTextSchema, paragraphs: ParagraphsSchema.min(1, 'Mindestens ein Absatz') }),
  sections: z
    .array(SectionTemplateSchema)
    .length(7, 'Genau sieben Paragraphen (§ 1–§ 7) erwartet')
    .superRefine((sections, ctx) => {
      sections.forEach((section, index) => {
        if (section.number !== index + 1) {
          ctx.addIssue({ code: 'custom', path: [index, 'number'], message: 'Paragraphen müssen in der Reihenfolge § 1–§ 7 stehen' });
        }
        if (section.number !== 4 && section.number !== 5 && section.closingParagraphs.length > 0) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'closingParagraphs'],
            message: 'Schlussabsätze gibt es nur in § 4 (nach dem Betrag) und § 5 (nach den Projekten)',
          });
        }
      });
    }),
  /** The four Maßnahmenart labels as printed that year, in code order 1–4. */
  measureTypeLabels: z.tuple([PlainTextSchema, PlainTextSchema, PlainTextSchema, PlainTextSchema]),
  /**
   * Whether § 4 prints the Eckdaten table (Projekte, AQB-Mittel, Plätze, geplante Abschlüsse und
   * Übergänge per Maßnahmenart) after its closing paragraphs. Absent in both reference templates.
   */
  eckdatenTable: z.boolean().optional(),
  /** Whether the Maßnahmenart headings are printed numbered ("1. Ausbildungsvorbereitung", as in 2025). */
  numberMeasureTypes: z.boolean(),
  ministry: z.object({
    /** The ministry's name under the minister's signature, one entry per printed line. */
    signatureLines: z.array(PlainTextSchema).min(1).max(8),
  }),
});
export type YearTemplateContent = z.infer<typeof YearTemplateContentSchema>;

/** Years for which a seed template ships with the project. */
export const SEED_TEMPLATE_YEARS = [2024, 2025] as const;

const MEASURE_TYPE_LABELS: YearTemplateContent['measureTypeLabels'] = [
  'Ausbildungsvorbereitung',
  'Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen',
  'Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung',
  'Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der fachlichen Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung',
];

/** The parts that are word for word the same in 2024 and 2025. */
function commonTemplate(year: {
  buendnisPeriod: string;
  section1Sentence2: string;
  section1LastParagraphEnd: string;
  section2SpecialFunds: string;
  numberMeasureTypes: boolean;
}): YearTemplateContent {
  return {
    title: {
      heading: 'Zielvereinbarung',
      lines: [
        '{{jahr}}',
        'zwischen',
        'dem Hessischen Ministerium für Arbeit, Integration, Jugend und Soziales',
        'und {{gk.dat}}',
        'zur Umsetzung des hessischen Ausbildungs- und Qualifizierungsbudgets',
      ],
    },
    buendnisPeriod: year.buendnisPeriod,
    preamble: {
      heading: 'Präambel',
      paragraphs: [
        'Erfolgreiche Arbeitsmarktpolitik bindet die regionalen Akteure des Arbeitsmarktes in eine gemeinsame, auf die Zukunftsanforderungen fokussierte Strategie ein. Dafür will das Hessische Ministerium für Arbeit, Integration, Jugend und Soziales (HMSI) regionale Handlungs- und Entscheidungsspielräume eröffnen und vereinbart dazu Ziele mit den Kreisen und kreisfreien Städten. Bei allen Maßnahmen und Angeboten, die über das Ausbildungs- und Qualifizierungsbudget umgesetzt werden, orientiert sich das HMSI an den landespolitischen Zielsetzungen der Arbeitsmarktpolitik, dem „Bündnis für Ausbildung für die Jahre {{buendnis}}“, dem Fachkonzept „Arbeitswelt Hessen“ des HMSI sowie an der regionalen Arbeitsmarkt- und Ausbildungsstrategie {{gk.gen}}. Die Maßnahmen sind grundsätzlich genderadäquat, ohne Altersbegrenzungen und inklusiv angelegt und überdies den Leitlinien der UN-Behindertenrechtskonvention verpflichtet.',
      ],
    },
    sections: [
      {
        number: 1,
        heading: 'Ausbildungs- und Qualifizierungsbudget',
        subheading: 'Ziele des Landes',
        paragraphs: [
          `Das HMSI verfolgt mit dem Ausbildungs- und Qualifizierungsbudget {{jahr}} das Ziel, die Ausbildungsfähigkeit von benachteiligten Menschen zu steigern, ihre Beschäftigungsfähigkeit zu sichern, ihnen Ausbildungsabschlüsse zu ermöglichen und sie durch längerfristige, flexible und arbeitsmarktnahe Qualifizierung zu einer eigenständigen Existenzsicherung zu befähigen. ${year.section1Sentence2} Menschen mit ihren jeweiligen Bedürfnissen und Herausforderungen ernst zu nehmen und bei ihrem Weg in Ausbildung und Beschäftigung zu unterstützen, betrachtet das HMSI als zentralen Baustein für eine erfolgversprechende und nachhaltige Integration in unsere Gesellschaft.`,
          'Bei der Erreichung dieses Ziels setzt das HMSI auf einen rechtskreisübergreifenden Förderansatz in den hessischen Kreisen und kreisfreien Städten. Nur wenn die einzelnen Rechtskreise SGB II, III, VIII, XII und AsylbLG sinnvoll zusammenwirken, alle Zielgruppen – inklusive der sog. Stillen Reserve – und weitere regionale Akteure aus Arbeitsmarkt und Wirtschaft potenziell einbezogen sind, können Unterstützungsstrukturen geschaffen werden, die ein selbstbestimmtes Leben auch in herausfordernden Lebenslagen ermöglichen.',
          'Dem Land Hessen ist es wichtig, Menschen mit familiensorgenden Tätigkeiten einen vollqualifizierenden Berufsabschluss zu ermöglichen. Daher werden spezifisch Mittel für Maßnahmen zur Ermöglichung von Teilzeitausbildungen bereitgestellt. Über die im Rahmen des ESF Hessen geförderte „Servicestelle Teilzeit-Ausbildung“ unterstützt das HMSI die Zusammenarbeit aller regionalen Akteure am Übergang Schule-Beruf.',
          `Schwerpunkte im Ausbildungs- und Qualifizierungsbudget sind Maßnahmen zur Ausbildungs- und Qualifizierungsvorbereitung, zu Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen, Qualifizierungsprojekte zur Arbeitsmarktintegration und Fachkräftesicherung sowie ${year.section1LastParagraphEnd}`,
        ],
        closingParagraphs: [],
      },
      {
        number: 2,
        heading: 'Verpflichtungen der Vereinbarungspartner',
        subheading: null,
        paragraphs: [
          `Das Hessische Ministerium für Arbeit, Integration, Jugend und Soziales und {{gk.nom}} setzen die ihnen zur Verfügung stehenden Kompetenzen dafür ein, dass die in § 5 vereinbarten Ziele erreicht werden. Die Entscheidung über den Mitteleinsatz erfolgt im Kontext der von {{gk.dat}} bereits erarbeiteten und regelmäßig zu aktualisierenden regionalen Ausbildungs- und Arbeitsmarktstrategie, die mit den regionalen Akteuren der Rechtskreise SGB II, III, VIII, XII und AsylbLG, der Wirtschaft und – für den Bereich des Übergangs von der Schule in den Beruf – mit den regionalen OloV-Steuerungsgruppen abgestimmt ist.`,
          `${year.section2SpecialFunds} Die geförderten Angebote sind durch eine hohe Individualität und Vielfalt gekennzeichnet.`,
        ],
        closingParagraphs: [],
      },
      {
        number: 3,
        heading: 'Umsetzung der UN-Behindertenrechtskonvention',
        subheading: null,
        paragraphs: [
          'Die Integration in das Erwerbsleben stellt aus der Sicht des Hessischen Ministeriums für Arbeit, Integration, Jugend und Soziales eine der vordringlichsten Maßnahmen zur Förderung der Teilhabe von Menschen mit Behinderungen dar. Auch angesichts der demografischen Entwicklung und eines damit verbundenen aktuellen und zukünftigen Fachkräftemangels kommt der nachhaltigen Förderung von Maßnahmen zur Integration von Menschen mit Behinderungen in den Arbeitsprozess eine große Bedeutung zu.',
        ],
        closingParagraphs: [],
      },
      {
        number: 4,
        heading: 'Haushaltsmittel und Eckdaten',
        subheading: null,
        paragraphs: ['Das HMSI stellt {{gk.dat}} im Jahr {{jahr}} Haushaltsmittel in Höhe von insgesamt'],
        closingParagraphs: ['aus dem Ausbildungs- und Qualifizierungsbudget {{jahr}} zur Verfügung.'],
      },
      {
        number: 5,
        heading: 'Ziele für die Umsetzung {{gk.gen}}',
        subheading: null,
        paragraphs: [
          '{{gk.Nom}} finanziert mit den Mitteln des Ausbildungs- und Qualifizierungsbudgets {{jahr}} in den jeweiligen Maßnahmenarten folgende Projekte:',
        ],
        closingParagraphs: [
          'Die Förderung der aufgeführten Maßnahmen erfolgt auf Basis und nach Maßgabe des – nach Antragstellung durch {{gk.akk}} vom Regierungspräsidium Kassel erlassenen – Bescheides.',
        ],
      },
      {
        number: 6,
        heading: 'Zielsteuerung',
        subheading: null,
        paragraphs: [
          '{{gk.Nom}} und das HMSI bleiben über die Entwicklung des Budgets {{jahr}} im engen Austausch. Dazu wird unter anderem eine Umsetzungsbesprechung im Herbst angesetzt.',
          'Unterjährige Abweichungen von den in § 4 genannten Haushaltsmitteln und Eckdaten werden bei der Beurteilung der Zielerreichung berücksichtigt.',
        ],
        closingParagraphs: [],
      },
      {
        number: 7,
        heading: 'Kontinuierlicher Verbesserungsprozess',
        subheading: null,
        paragraphs: [
          '{{gk.Nom}} beteiligt sich an Umfragen und Tagungen des HMSI mit dem Ziel, Erfahrungen auszutauschen, gute Praxis zu identifizieren und neue Impulse für die regionale Arbeitsmarkt- und Ausbildungspolitik zu setzen.',
          'Die Zielvereinbarungen werden auf dem Internetportal des HMSI „Arbeitswelt Hessen“ veröffentlicht.',
        ],
        closingParagraphs: [],
      },
    ],
    measureTypeLabels: [...MEASURE_TYPE_LABELS],
    numberMeasureTypes: year.numberMeasureTypes,
    ministry: { signatureLines: ['Hessisches Ministerium', 'für Arbeit, Integration,', 'Jugend und Soziales'] },
  };
}

/**
 * The seed template of 2024 (from the RTK 2024 agreement) or 2025 (from the LW 2025 agreement),
 * word for word minus the defects of DOMAIN.md 3.5. Throws TEMPLATE_MISSING for other years.
 */
export function defaultTemplate(year: number): YearTemplateContent {
  if (year === 2024) {
    return commonTemplate({
      buendnisPeriod: '2020 bis 2024',
      section1Sentence2:
        'Querschnittsorientierte Handlungsansätze des Budgets bieten den regional interagierenden Akteuren des Arbeitsmarktes die Vielfalt, berufliche und qualifikatorische Angebote für möglichst individuelle Bedarfslagen von verschiedensten Zielgruppen anzubieten.',
      section1LastParagraphEnd: 'Weiterbildungen des Fachpersonals der Gebietskörperschaften mit Teilnehmendenbezug.',
      section2SpecialFunds:
        'Im Jahr {{jahr}} werden erneut Landesmittel für spezifische Sprachförderangebote und Qualifizierungen im Rahmen des AQB zur Verfügung gestellt.',
      numberMeasureTypes: false,
    });
  }
  if (year === 2025) {
    return commonTemplate({
      buendnisPeriod: '2025 bis 2029',
      section1Sentence2:
        'Der flexible und ganzheitliche Handlungsansatz des Budgets bietet den Kreisen und kreisfreien Städten die Möglichkeit, bedarfsorientierte berufliche und qualifikatorische Angebote für unterschiedliche Zielgruppen auf Basis der regional entwickelten Arbeitsmarkt- und Ausbildungsstrategie umzusetzen.',
      section1LastParagraphEnd: 'Weiterbildungen für Fachpersonal der Gebietskörperschaften mit Bezug zu Teilnehmenden des AQB.',
      section2SpecialFunds:
        'Im Jahr {{jahr}} werden im Rahmen des AQB erneut Landesmittel für spezifische Angebote zur Integration von Menschen mit Migrationshintergrund zur Verfügung gestellt.',
      numberMeasureTypes: true,
    });
  }
  throw new AppError('TEMPLATE_MISSING', `Für das AQB-Jahr ${year} ist keine Standardvorlage hinterlegt (vorhanden: ${SEED_TEMPLATE_YEARS.join(', ')}).`);
}

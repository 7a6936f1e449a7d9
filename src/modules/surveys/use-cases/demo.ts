import { eq } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/client';
import { findDistricts } from '../../districts/service';
import { applyConditions } from '../answers';
import { type Answers, type SurveyDefinition, SurveyDefinitionSchema } from '../schema';
import { surveyResponses, surveys } from '../tables';

/** The demo survey: every question type, a matrix and a conditional question (invented content). */
export const DEMO_SURVEY_DEFINITION: SurveyDefinition = SurveyDefinitionSchema.parse({
  title: 'Umfrage zur regionalen Umsetzung (Demo)',
  description: 'Erfahrungen der Gebietskörperschaften mit dem AQB – Demodaten.',
  sections: [
    {
      title: 'Angebote und Zielgruppen',
      questions: [
        { variable: 'f1_teilzeit', type: 'single', text: 'Bieten Sie Teilzeitausbildung an?', required: true, options: [{ code: 1, label: 'Ja' }, { code: 2, label: 'Nein' }] },
        { variable: 'f2_teilzeit_plaetze', type: 'number', text: 'Wie viele Plätze in Teilzeitausbildung gab es?', unit: 'Plätze', min: 0, max: 500, integer: true, required: true, condition: { variable: 'f1_teilzeit', equals: 1 } },
        { variable: 'f3_zielgruppen', type: 'multiple', text: 'Welche Zielgruppen erreichen Sie besonders gut?', options: [{ code: 1, label: 'Junge Menschen ohne Abschluss' }, { code: 2, label: 'Alleinerziehende' }, { code: 3, label: 'Geflüchtete' }, { code: 4, label: 'Menschen mit Behinderungen' }] },
      ],
    },
    {
      title: 'Zusammenarbeit',
      questions: [
        { variable: 'f4_zufriedenheit', type: 'scale', text: 'Wie zufrieden sind Sie mit der Zusammenarbeit mit den Trägern?', required: true, scaleLabels: ['sehr unzufrieden', 'unzufrieden', 'teils, teils', 'zufrieden', 'sehr zufrieden'] },
        {
          variable: 'f5_netzwerk',
          type: 'matrix',
          text: 'Wie gut funktioniert die Zusammenarbeit mit …',
          help: 'Bitte je Partner einen Wert wählen.',
          items: [{ key: 'ja', label: 'dem Jobcenter' }, { key: 'aa', label: 'der Agentur für Arbeit' }, { key: 'kammer', label: 'den Kammern' }],
          scaleLabels: ['sehr schlecht', 'schlecht', 'mittel', 'gut', 'sehr gut'],
        },
        { variable: 'f6_praxis', type: 'text', text: 'Ihr Beispiel guter Praxis in einem Satz' },
        { variable: 'f7_anregungen', type: 'longtext', text: 'Anregungen an das HMSI', help: 'Was sollte sich im nächsten AQB-Jahr ändern?' },
      ],
    },
  ],
});

const PRAXIS = ['Ausbildungslotsen an Berufsschulen', 'Teilzeitausbildung im Pflegeverbund', 'Sprachkurs mit Betriebspraktikum', 'Mentoring durch Auszubildende', 'Jobcenter-Sprechstunde im Jugendzentrum'];

/** Invented answers of the i-th district (deterministic). */
function demoAnswers(i: number): Answers {
  const teilzeit = i % 3 === 0 ? 2 : 1;
  return applyConditions(DEMO_SURVEY_DEFINITION, {
    f1_teilzeit: teilzeit,
    f2_teilzeit_plaetze: 4 + ((i * 7) % 30),
    f3_zielgruppen: [1, 2, 3, 4].filter((c) => (i + c) % 2 === 0 || c === 1),
    f4_zufriedenheit: 1 + ((i * 3) % 5),
    f5_netzwerk: { ja: 3 + (i % 3), aa: 2 + (i % 4), kammer: 1 + ((i * 2) % 5) },
    f6_praxis: PRAXIS[i % PRAXIS.length]!,
    ...(i % 2 === 0 ? { f7_anregungen: 'Frühere Mittelankündigung, damit die Träger planen können.' } : {}),
  });
}

/**
 * Loads the demo survey (2025, sent to all 26 districts; 10 submitted, 4 drafts, the rest open),
 * flagged is_demo. Idempotent: nothing happens when a demo survey exists.
 */
export async function seedDemoSurveys(tx: Executor): Promise<void> {
  const [existing] = await tx.select({ id: surveys.id }).from(surveys).where(eq(surveys.isDemo, true)).limit(1);
  if (existing) return;
  const districts = await findDistricts(tx);
  const recipients = districts.map((d) => d.ags).sort();
  const [row] = await tx
    .insert(surveys)
    .values({ year: 2025, definition: DEMO_SURVEY_DEFINITION, status: 'versandt', opensOn: '2025-09-01', deadline: '2025-10-31', recipients, sentAt: new Date('2025-09-01T08:00:00Z'), isDemo: true })
    .returning({ id: surveys.id });
  await tx.insert(surveyResponses).values(
    recipients.map((ags, i) => {
      const submitted = i < 10;
      const draft = i >= 10 && i < 14;
      return {
        surveyId: row!.id,
        ags,
        status: submitted ? ('eingereicht' as const) : ('entwurf' as const),
        answers: submitted ? demoAnswers(i) : draft ? { f1_teilzeit: 1 } : {},
        version: submitted ? 3 : draft ? 2 : 1,
        submittedAt: submitted ? new Date(`2025-10-${String(1 + i).padStart(2, '0')}T09:00:00Z`) : null,
        isDemo: true,
      };
    }),
  );
}

/** Removes every demo survey and its responses (AQB_DEMO=0). Real surveys are untouched. */
export async function removeDemoSurveys(tx: Executor): Promise<void> {
  await tx.delete(surveys).where(eq(surveys.isDemo, true));
}

import { AGREEMENT_SCHEMA_ID, type AgreementInterchange } from './schema';

/**
 * The two real, published Zielvereinbarungen (shared/domain/reference-agreements). They are seeded
 * as real (not demo) records and serve as fixtures for renderer and importer tests.
 */
export const RTK_2024: AgreementInterchange = {
  schema: AGREEMENT_SCHEMA_ID,
  year: 2024,
  district: { ags: '06439', name: 'Rheingau-Taunus-Kreis' },
  amountCents: 787_100_00,
  measures: [
    { type: 1, projects: [{ title: 'Projekt „Zukunft“' }, { title: 'Vorfeldphase "BAEREN-STARKE" zur Ausbildung' }] },
    { type: 2, projects: [{ title: 'Ausbildung "BAEREN-STARKE"' }] },
    {
      type: 3,
      projects: [
        { title: 'Aktiv in die Zukunft' },
        { title: 'Sozialraumprojekt für Langzeitarbeitslose und Flüchtlinge SGB II' },
        { title: 'Clearingstelle für Menschen mit psychischen Beeinträchtigungen' },
        { title: 'Projekt „NAVI“ – Neuausrichtung Aktivierung Vermittlung Integration' },
        { title: 'Video24 Projekt zur Stärkung der digitalen Medienkompetenz' },
        { title: 'Projekt "DigiStart24" (Digitales Lernen im RTK für Kunden/Innen des SGB II)' },
      ],
    },
    { type: 4, projects: [{ title: 'Fort- und Weiterbildungen eigenes Personal' }, { title: 'Dualer Studiengang "BASS" 2024' }] },
  ],
  signatures: {
    land: { place: 'Wiesbaden', date: '2024-07-01', name: 'Heike Hofmann', title: 'Staatsministerin' },
    district: { place: 'Bad Schwalbach', date: '2024-07-26', name: 'Sandro Zehner', title: 'Landrat' },
  },
};

export const LW_2025: AgreementInterchange = {
  schema: AGREEMENT_SCHEMA_ID,
  year: 2025,
  district: { ags: '06533', name: 'Landkreis Limburg-Weilburg' },
  amountCents: 895_210_00,
  measures: [
    {
      type: 1,
      projects: [
        { title: 'Ausbildungsvorbereitungsplätze für Benachteiligte' },
        { title: 'Berufsvorbereitung/Teilzeitausbildung Beratung, Coaching, Online Angebot (-Zugänge)' },
      ],
    },
    {
      type: 2,
      projects: [
        { title: 'Intensiv begleitete integrative Ausbildung in festen Strukturen BaE integrativ' },
        { title: 'Intensiv begleitete integrative Grundausbildung in festen Strukturen in Verbindung mit EQ' },
        { title: 'Intensiv begleitete kooperative Ausbildung mit integrativem Beginn in den Ausbildungswerkstätten der GAB' },
      ],
    },
    { type: 3, projects: [{ title: 'Berufsperspektive für Frauen und Männer' }] },
    { type: 4, projects: [] },
  ],
  signatures: {
    land: { place: 'Wiesbaden', date: '2025-08-02', name: 'Heike Hofmann', title: 'Staatsministerin' },
    district: { place: 'Limburg', date: '2025-08-14', name: 'Michael Köberle', title: 'Landrat' },
  },
};

/** Publication dates are not printed in the documents; the signature date of the district stands in. */
export const REAL_AGREEMENTS = [
  { content: RTK_2024, publishedAt: new Date('2024-07-26T12:00:00Z') },
  { content: LW_2025, publishedAt: new Date('2025-08-14T12:00:00Z') },
] as const;

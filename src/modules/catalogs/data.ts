/** The four Maßnahmenarten as printed in the reference agreements (2024 and 2025). */
export const MEASURE_TYPES = [
  { code: 1, shortCode: 'AV', label: 'Ausbildungsvorbereitung' },
  { code: 2, shortCode: 'AUS', label: 'Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen' },
  { code: 3, shortCode: 'QUAL', label: 'Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung' },
  {
    code: 4,
    shortCode: 'WB_PERS',
    label:
      'Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der fachlichen Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung',
  },
] as const;

/** Rechtskreise named in § 1/§ 2 of the agreements (DOMAIN.md 4.2). */
export const LEGAL_SPHERES = [
  { code: 'SGB II', law: 'Grundsicherung für Arbeitsuchende (Bürgergeld)', office: 'Jobcenter', sortOrder: 1 },
  { code: 'SGB III', law: 'Arbeitsförderung', office: 'Agentur für Arbeit', sortOrder: 2 },
  { code: 'SGB VIII', law: 'Kinder- und Jugendhilfe', office: 'Jugendamt', sortOrder: 3 },
  { code: 'SGB XII', law: 'Sozialhilfe', office: 'Sozialamt', sortOrder: 4 },
  { code: 'AsylbLG', law: 'Asylbewerberleistungsgesetz', office: 'Sozialamt / Ausländerbehörde', sortOrder: 5 },
] as const;

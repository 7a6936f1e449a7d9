import { SURVEY_SCHEMA_ID, type SurveyDefinition, type SurveyInterchange } from './schema';

/** The `aqb.umfrage/1` document of a definition (schema id first, then the definition as stored). */
export function interchangeOf(def: SurveyDefinition): SurveyInterchange {
  return { schema: SURVEY_SCHEMA_ID, ...def };
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type District, DistrictFileSchema } from './schema';

const file = fileURLToPath(new URL('./data/gebietskoerperschaften.json', import.meta.url));

let cached: District[] | undefined;

/**
 * The 26 districts as shipped with the project (the seed source). The database copy is
 * authoritative at run time; this list is for seeding and for code that runs without a database
 * (pure tests, the importer's resolution tables when no database is passed).
 */
export function loadShippedDistricts(): District[] {
  if (!cached) {
    const parsed = DistrictFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    cached = parsed.items.map(({ signatureLine: _ignored, ...district }) => district);
  }
  return cached;
}

/** Names of the Sonderstatusstädte: kreisangehörig, no AQB of their own. */
export function loadSonderstatusstaedte(): string[] {
  return DistrictFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).sonderstatusstaedte_not_recipients;
}

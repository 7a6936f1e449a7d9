import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../tests/support/test-database';
import type { AppDatabase } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { findDistricts, getDistrict } from './service';

let database: AppDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('district master data', () => {
  it('stores the 26 districts with kinds, Regierungsbezirke and case forms', async () => {
    const all = await findDistricts(database.db);
    expect(all).toHaveLength(26);
    expect(all.filter((d) => d.kind === 'KREISFREIE_STADT')).toHaveLength(5);
    expect(all.filter((d) => d.kind === 'LANDKREIS')).toHaveLength(21);
    expect(new Set(all.map((d) => d.regierungsbezirk))).toEqual(new Set(['Darmstadt', 'Gießen', 'Kassel']));
    const hochtaunus = await getDistrict(database.db, '06434');
    expect(hochtaunus.typeNoun).toBeNull();
    expect(hochtaunus.forms).toEqual({ nom: 'der Hochtaunuskreis', gen: 'des Hochtaunuskreises', dat: 'dem Hochtaunuskreis', akk: 'den Hochtaunuskreis' });
    const wiesbaden = await getDistrict(database.db, '06414');
    expect(wiesbaden).toMatchObject({ genus: 'f', headTitle: { m: 'Oberbürgermeister', f: 'Oberbürgermeisterin' } });
    expect(wiesbaden.forms.gen).toBe('der Landeshauptstadt Wiesbaden');
    expect((await getDistrict(database.db, '06633')).forms.dat).toBe('dem Landkreis Kassel');
    expect((await getDistrict(database.db, '06611')).forms.dat).toBe('der Stadt Kassel');
  });

  it('answers an unknown AGS with a German error', async () => {
    await expect(getDistrict(database.db, '06999')).rejects.toMatchObject({ code: 'UNKNOWN_DISTRICT' });
    await expect(getDistrict(database.db, '06999')).rejects.toBeInstanceOf(AppError);
  });
});

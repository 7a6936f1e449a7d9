import { describe, expect, it } from 'vitest';
import { auditActionLabel, changedFields } from './labels';

describe('audit labels and changed fields', () => {
  it('names actions in German and keeps unknown ones', () => {
    expect(auditActionLabel('agreement.publish')).toBe('Veröffentlicht (PDF eingefroren)');
    expect(auditActionLabel('x.unbekannt')).toBe('x.unbekannt');
  });

  it('lists only the fields that changed', () => {
    expect(changedFields({ status: 'entwurf', version: 1, amountCents: 5 }, { status: 'in_abstimmung', version: 2, amountCents: 5 })).toEqual([
      { field: 'status', before: 'entwurf', after: 'in_abstimmung' },
      { field: 'version', before: '1', after: '2' },
    ]);
    expect(changedFields(null, { name: 'A' })).toEqual([{ field: 'name', before: '–', after: 'A' }]);
    expect(changedFields({ a: [1, 2] }, { a: [1, 2] })).toEqual([]);
  });
});

import type { StoredLetterhead } from './schema';

type Seed = Omit<StoredLetterhead, 'version' | 'updatedAt' | 'updatedBy'>;

/**
 * The seeded senders. Names and postal addresses are those in the domain notes (DOMAIN.md 1.6,
 * 1.12 and the addresses the project used before); there is no person, telephone number or
 * e-mail address in them, so those are generic placeholders ("nach Vereinbarung", "N. N.") or
 * empty until an administrator enters the real ones.
 */
export const SEEDED_LETTERHEADS: readonly Seed[] = [
  {
    key: 'hmsi',
    authority: 'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales',
    unit: 'Fachreferat Ausbildungs- und Qualifizierungsbudget',
    shortName: 'HMSI',
    addressLines: ['Sonnenberger Straße 2/2a', '65193 Wiesbaden'],
    contactName: 'nach Vereinbarung',
    phone: null,
    email: null,
    web: 'soziales.hessen.de',
    referencePrefix: 'AQB',
    signerName: 'N. N.',
    signerRole: 'Referatsleitung',
    signaturePrefix: 'Im Auftrag',
  },
  {
    key: 'rp-kassel',
    authority: 'Regierungspräsidium Kassel',
    unit: 'Dezernat 57 – Förderungen',
    shortName: 'RP Kassel',
    addressLines: ['Am Alten Stadtschloss 1', '34117 Kassel'],
    contactName: 'nach Vereinbarung',
    phone: null,
    email: null,
    web: 'rp-kassel.hessen.de',
    referencePrefix: 'Dez. 57',
    signerName: 'N. N.',
    signerRole: 'Dezernatsleitung',
    signaturePrefix: 'Im Auftrag',
  },
];

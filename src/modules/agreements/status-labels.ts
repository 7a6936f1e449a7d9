/** German labels of the agreement states, for lists and the Landesübersicht. */
export const AGREEMENT_STATUS_LABELS = {
  entwurf: 'Entwurf',
  in_abstimmung: 'In Abstimmung',
  zur_unterschrift: 'Zur Unterschrift',
  unterzeichnet: 'Unterzeichnet',
  veroeffentlicht: 'Veröffentlicht',
} as const;

export type AgreementStatus = keyof typeof AGREEMENT_STATUS_LABELS;

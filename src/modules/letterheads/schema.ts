import { z } from 'zod';
import { text } from '../../platform/input';

/** The two senders of official letters: the ministry and the Bewilligungsbehörde. */
export const LETTERHEAD_KEYS = ['hmsi', 'rp-kassel'] as const;
export const LetterheadKeySchema = z.enum(LETTERHEAD_KEYS);
export type LetterheadKey = z.infer<typeof LetterheadKeySchema>;

export const LETTERHEAD_LABELS: Record<LetterheadKey, string> = {
  hmsi: 'Ministerium (HMSI)',
  'rp-kassel': 'Regierungspräsidium Kassel, Dezernat 57',
};

const optionalLine = (max: number) => text(max, { min: 0 }).transform((value) => (value === '' ? null : value));

/**
 * The letterhead form (and the JSON API body): every field a plain line, the address as 1–4
 * lines in one text area. The limits keep each zone of the DIN 5008 letter inside its box.
 */
export const LetterheadInputSchema = z.object({
  expectedVersion: z.coerce.number({ error: 'Versionsangabe fehlt' }).int('Versionsangabe fehlt').min(1, 'Versionsangabe fehlt'),
  authority: text(120, { required: 'Bitte geben Sie die Behörde an.' }),
  unit: optionalLine(120),
  shortName: text(40, { required: 'Bitte geben Sie eine Kurzbezeichnung für die Rücksendeangabe an.' }),
  addressLines: text(400, { multiline: true, required: 'Bitte geben Sie die Postanschrift an.' })
    .transform((value) => value.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== ''))
    .refine((lines) => lines.length >= 1 && lines.length <= 4, 'Die Postanschrift hat eine bis vier Zeilen.')
    .refine((lines) => lines.every((line) => line.length <= 80), 'Jede Zeile der Postanschrift hat höchstens 80 Zeichen.'),
  contactName: text(80, { required: 'Bitte geben Sie die Ansprechperson an (oder „nach Vereinbarung“).' }),
  phone: optionalLine(40).refine((value) => value === null || /^[0-9+()/ \-–]+$/.test(value), 'Bitte nur Ziffern, Leerzeichen und + ( ) / - verwenden, z. B. 0611 3219-0.'),
  email: optionalLine(120).refine((value) => value === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), 'Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. aqb@beispiel.hessen.de.'),
  web: optionalLine(120).refine((value) => value === null || /^[a-z0-9.-]+\.[a-z]{2,}(\/\S*)?$/i.test(value), 'Bitte die Internetadresse ohne „https://“ angeben, z. B. soziales.hessen.de.'),
  referencePrefix: text(30, { required: 'Bitte geben Sie das Präfix des Aktenzeichens an.' }).refine((value) => /^[A-Za-zÄÖÜäöü0-9 .\-/]+$/.test(value), 'Nur Buchstaben, Ziffern, Leerzeichen und . - / sind erlaubt.'),
  signerName: text(80, { required: 'Bitte geben Sie an, wer unterzeichnet (oder „N. N.“).' }),
  signerRole: text(80, { required: 'Bitte geben Sie die Funktion der unterzeichnenden Person an.' }),
  signaturePrefix: z.enum(['', 'Im Auftrag', 'In Vertretung'], { error: 'Bitte wählen Sie einen Zeichnungszusatz aus der Liste.' }).transform((value) => (value === '' ? null : value)),
});
export type LetterheadInput = z.input<typeof LetterheadInputSchema>;

/** A stored letterhead. */
export interface StoredLetterhead {
  key: LetterheadKey;
  authority: string;
  unit: string | null;
  shortName: string;
  addressLines: string[];
  contactName: string;
  phone: string | null;
  email: string | null;
  web: string | null;
  referencePrefix: string;
  signerName: string;
  signerRole: string;
  signaturePrefix: 'Im Auftrag' | 'In Vertretung' | null;
  version: number;
  updatedAt: Date;
  updatedBy: number | null;
}

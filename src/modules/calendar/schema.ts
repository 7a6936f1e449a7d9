import { z } from 'zod';

/** The filter of /kalender from the query string; German messages next to the fields. */
export const CalendarQuerySchema = z.object({
  jahr: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .refine((v) => v === undefined || /^\d{4}$/.test(v), { message: 'Bitte ein AQB-Jahr mit vier Ziffern wählen.' })
    .transform((v) => (v === undefined ? undefined : Number(v))),
  gk: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .refine((v) => v === undefined || /^\d{5}$/.test(v), { message: 'Bitte eine Gebietskörperschaft aus der Liste wählen.' }),
  seite: z
    .string()
    .optional()
    .transform((v) => (v && /^\d{1,4}$/.test(v) ? Math.max(1, Number(v)) : 1)),
});
export type CalendarQuery = z.infer<typeof CalendarQuerySchema>;

import { z } from 'zod';
import { isAgs, text } from '../../platform/input';
import { ROLES, type UserId } from './policy';

/** Lower-cased, trimmed e-mail address without control characters: the one form in which it is stored and compared. */
export function normaliseEmail(email: string): string {
  // PostgreSQL text cannot hold NUL; a valid address has no control characters anyway.
  return email.replace(/[\u0000-\u001f\u007f]/g, '').trim().toLowerCase();
}


const EmailSchema = z
  .string({ error: 'Bitte geben Sie eine E-Mail-Adresse an.' })
  .trim()
  .min(1, 'Bitte geben Sie eine E-Mail-Adresse an.')
  .max(254, 'Die E-Mail-Adresse ist zu lang.')
  .pipe(z.email({ error: 'Bitte geben Sie eine gültige E-Mail-Adresse an (name@beispiel.de).' }))
  .transform(normaliseEmail);

/** A new account (CLI `aqb user create`, /admin/benutzer). A district user needs exactly one AGS. */
export const CreateUserSchema = z
  .object({
    email: EmailSchema,
    name: text(200, { required: 'Bitte geben Sie einen Namen an.' }),
    role: z.enum(ROLES, { error: 'Bitte wählen Sie eine Rolle: HMSI (hmsi), Gebietskörperschaft (district), Regierungspräsidium Kassel (rp) oder Administration (admin).' }),
    ags: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? value : undefined)),
  })
  .superRefine((value, ctx) => {
    if (value.role === 'district' && !value.ags) {
      ctx.addIssue({ code: 'custom', path: ['ags'], message: 'Ein Konto einer Gebietskörperschaft braucht die Gebietskörperschaft (AGS).' });
    }
    if (value.role !== 'district' && value.ags) {
      ctx.addIssue({ code: 'custom', path: ['ags'], message: 'Nur Konten einer Gebietskörperschaft sind an eine Gebietskörperschaft gebunden.' });
    }
    if (value.ags && !isAgs(value.ags)) {
      ctx.addIssue({ code: 'custom', path: ['ags'], message: 'Der AGS besteht aus fünf Ziffern, z. B. 06439.' });
    }
  });
export type CreateUser = z.infer<typeof CreateUserSchema>;

/** Sign-in form. Nothing more than presence is checked: the password decides. */
export const SignInSchema = z.object({
  email: z.string().trim().min(1, 'Bitte geben Sie Ihre E-Mail-Adresse an.').max(254).transform(normaliseEmail),
  password: z.string().min(1, 'Bitte geben Sie Ihr Passwort an.').max(1024, 'Das Passwort ist zu lang.'),
});

export const ApiTokenNameSchema = text(100, { required: 'Bitte geben Sie dem Token einen Namen.' });

/** What views need to know about the signed-in user. */
export interface SessionUser {
  id: UserId;
  email: string;
  name: string;
  role: (typeof ROLES)[number];
  ags: string | null;
}

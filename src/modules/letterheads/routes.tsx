import { Hono, type Context } from 'hono';
import { AppError, isAppError } from '../../platform/errors';
import { csrfToken } from '../../platform/http/csrf';
import type { RouteDeps } from '../../platform/http/deps';
import type { FieldErrors } from '../../ui/forms';
import { renderPage } from '../../ui/render';
import { requirePermission } from '../access/middleware';
import { findUserNames } from '../access/service';
import { LetterheadKeySchema, type LetterheadKey } from './schema';
import { findLetterhead, findLetterheads, updateLetterhead } from './service';
import { formValuesOf, LetterheadEditPage, type LetterheadFormValues, LetterheadListPage } from './views/letterhead-pages';

const FORM_FIELDS = ['version', 'authority', 'unit', 'shortName', 'addressLines', 'contactName', 'phone', 'email', 'web', 'referencePrefix', 'signerName', 'signerRole', 'signaturePrefix'] as const;

function keyOf(c: Context): LetterheadKey {
  const parsed = LetterheadKeySchema.safeParse(c.req.param('key'));
  if (!parsed.success) throw new AppError('NOT_FOUND', 'Diesen Briefkopf gibt es nicht.');
  return parsed.data;
}

/** The form fields as typed (strings only, each cut to a length no field allows, for re-showing). */
async function formValues(c: Context): Promise<LetterheadFormValues> {
  const body = await c.req.parseBody();
  const values = {} as Record<(typeof FORM_FIELDS)[number], string>;
  for (const field of FORM_FIELDS) {
    const value = body[field];
    values[field] = typeof value === 'string' ? value.slice(0, 2000) : '';
  }
  return values;
}

/** The form values as the use case's input. */
export function letterheadInput(values: LetterheadFormValues) {
  const { version, ...rest } = values;
  return { expectedVersion: version, ...rest };
}

/** The letterheads of official letters under /admin/briefkoepfe (administrators, masterdata.edit). */
export function letterheadRoutes({ database }: RouteDeps) {
  const app = new Hono();
  const db = database.db;

  app.get('/admin/briefkoepfe', async (c) => {
    requirePermission(c, 'masterdata.edit');
    const letterheads = await findLetterheads(db);
    const notice = c.req.query('gespeichert') !== undefined ? 'Der Briefkopf wurde gespeichert.' : undefined;
    return renderPage(c, <LetterheadListPage letterheads={letterheads} userNames={await findUserNames(db, letterheads.map((l) => l.updatedBy))} {...(notice ? { notice } : {})} />);
  });

  app.get('/admin/briefkoepfe/:key', async (c) => {
    requirePermission(c, 'masterdata.edit');
    const letterhead = await findLetterhead(db, keyOf(c));
    return renderPage(c, <LetterheadEditPage letterhead={letterhead} values={formValuesOf(letterhead)} errors={{}} csrf={csrfToken(c)} />);
  });

  app.post('/admin/briefkoepfe/:key', async (c) => {
    const actor = requirePermission(c, 'masterdata.edit');
    const key = keyOf(c);
    const letterhead = await findLetterhead(db, key);
    const values = await formValues(c);
    try {
      await db.transaction((tx) => updateLetterhead(tx, actor, key, letterheadInput(values)));
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'CONFLICT') return renderPage(c, <LetterheadEditPage letterhead={letterhead} values={values} errors={{}} csrf={csrfToken(c)} conflict={error.message} />, 409);
      if (error.code !== 'VALIDATION_FAILED') throw error;
      const errors: FieldErrors = {};
      for (const issue of error.issues) errors[issue.path.split('.')[0] || 'authority'] ??= issue.message;
      // A missing or broken version is no field of the form: the page was not loaded from here.
      if (errors.expectedVersion) throw new AppError('VALIDATION_FAILED', 'Die Versionsangabe des Formulars fehlt. Bitte laden Sie die Seite neu.');
      return renderPage(c, <LetterheadEditPage letterhead={letterhead} values={values} errors={errors} csrf={csrfToken(c)} />, 422);
    }
    return c.redirect('/admin/briefkoepfe?gespeichert', 303);
  });

  return app;
}

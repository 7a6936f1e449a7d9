import { Hono, type MiddlewareHandler } from 'hono';
import { AppError, isAppError } from '../../platform/errors';
import { csrfToken } from '../../platform/http/csrf';
import type { RouteDeps } from '../../platform/http/deps';
import { requirePermission } from '../access/middleware';
import { findDistricts } from '../districts/service';
import {
  createImportBatch,
  describeSaveFailure,
  findRecentImportDocuments,
  getImportBatch,
  type ImportDraft,
  MAX_IMPORT_FILE_BYTES,
  saveImportDraft,
  skipImportDraft,
} from './service';
import { BatchPage, type ExistingAgreement, PreviewPage, UploadPage } from './views/import-pages';
import { getAgreement } from '../agreements/service';
import { compareAgreementContent } from '../documents/service';
import { parsePreviewForm, valuesFromAgreement, valuesFromBody, valuesFromPartial } from './views/preview-form';
import { renderPage } from '../../ui/render';

/** Files per upload; a year has 26 agreements. */
export const MAX_FILES_PER_UPLOAD = 30;
/** Whole request (checked by the app's requestBodyLimit): every file at its limit would be far more than any real batch. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
const MAX_FILE_MB = MAX_IMPORT_FILE_BYTES / 1024 / 1024;

function findDraft(drafts: ImportDraft[], position: string): ImportDraft {
  const draft = /^\d{1,3}$/.test(position) ? drafts.find((d) => d.position === Number(position)) : undefined;
  if (!draft) throw new AppError('NOT_FOUND', 'Diese Datei gehört nicht zu diesem Import.');
  return draft;
}

/**
 * Import upload → preview per file → save (issue 4). Open until accounts exist. Every step is a
 * plain form (Post/Redirect/Get); the pending files wait server-side in import_drafts.
 */
export function importRoutes({ database }: RouteDeps) {
  const app = new Hono();
  const db = database.db;
  // Importing is the ministry's task (import.run); signed-out visitors go to the sign-in page.
  const guard: MiddlewareHandler = async (c, next) => {
    requirePermission(c, 'import.run');
    await next();
  };
  app.use('/import', guard);
  app.use('/import/*', guard);

  const uploadPage = async (csrf: string, error?: string) =>
    <UploadPage csrf={csrf} error={error} recent={await findRecentImportDocuments(db)} maxMb={MAX_FILE_MB} maxFiles={MAX_FILES_PER_UPLOAD} />;

  app.get('/import', async (c) => renderPage(c, await uploadPage(csrfToken(c))));

  app.post('/import', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const raw = body['dateien'];
    const files = (Array.isArray(raw) ? raw : [raw]).filter((f): f is File => f instanceof File && (f.size > 0 || f.name !== ''));
    if (files.length === 0) return renderPage(c, await uploadPage(csrfToken(c), 'Bitte wählen Sie mindestens eine Datei aus.'), 422);
    if (files.length > MAX_FILES_PER_UPLOAD) {
      return renderPage(c, await uploadPage(csrfToken(c), `Bitte höchstens ${MAX_FILES_PER_UPLOAD} Dateien auf einmal hochladen (gewählt: ${files.length}).`), 422);
    }
    const uploaded = [];
    for (const file of files) {
      // Browsers send only the base name; strip any path and control characters all the same.
      const fileName = file.name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim() || 'ohne-namen';
      uploaded.push({ fileName, bytes: new Uint8Array(await file.arrayBuffer()) });
    }
    const batchId = await createImportBatch(db, requirePermission(c, 'import.run'), uploaded);
    return c.redirect(`/import/stapel/${batchId}/1`, 303);
  });

  app.get('/import/stapel/:batch', async (c) => renderPage(c, <BatchPage drafts={await getImportBatch(db, c.req.param('batch'))} />));

  /** The stored agreement for the recognised district and year, compared with the file (undefined when none). */
  async function existingAgreementOf(draft: ImportDraft): Promise<ExistingAgreement | undefined> {
    if (draft.status !== 'open' || !draft.agreement) return undefined;
    const found = draft.agreement;
    const record = await getAgreement(db, found.year, found.district.ags).catch((error: unknown) => {
      if (isAppError(error) && error.code === 'NOT_FOUND') return undefined;
      throw error;
    });
    if (!record) return undefined;
    return {
      districtName: record.content.district.name,
      year: record.year,
      status: record.status,
      version: record.currentVersion,
      comparison: compareAgreementContent(record.content, found),
      signatures: {
        stored: { land: record.content.signatures.land != null, district: record.content.signatures.district != null },
        file: { land: found.signatures.land != null, district: found.signatures.district != null },
      },
    };
  }

  app.get('/import/stapel/:batch/:position', async (c) => {
    const drafts = await getImportBatch(db, c.req.param('batch'));
    const draft = findDraft(drafts, c.req.param('position'));
    const previousPosition = Number(c.req.query('vorher'));
    const previous = drafts.find((d) => d.position === previousPosition && d.status !== 'open');
    return renderPage(c,
      <PreviewPage
        existing={await existingAgreementOf(draft)}
        csrf={csrfToken(c)}
        drafts={drafts}
        draft={draft}
        districts={await findDistricts(db)}
        values={draft.agreement ? valuesFromAgreement(draft.agreement) : draft.partial ? valuesFromPartial(draft.partial) : undefined}
        previous={previous}
      />,
    );
  });

  app.post('/import/stapel/:batch/:position', async (c) => {
    const batchId = c.req.param('batch');
    const drafts = await getImportBatch(db, batchId);
    const draft = findDraft(drafts, c.req.param('position'));
    const next = drafts.find((d) => d.position > draft.position);
    const after = next ? `/import/stapel/${batchId}/${next.position}?vorher=${draft.position}` : `/import/stapel/${batchId}`;
    if (draft.status !== 'open') return c.redirect(after, 303);

    const body = await c.req.parseBody({ all: true });
    if (body['action'] === 'skip') {
      await skipImportDraft(db, requirePermission(c, 'import.run'), draft);
      return c.redirect(after, 303);
    }
    const districts = await findDistricts(db);
    const values = valuesFromBody(body);
    const existing = await existingAgreementOf(draft);
    const render = (status: 422 | 500, extra: { errors?: Record<string, string | undefined>; saveError?: string }) =>
      renderPage(c, <PreviewPage csrf={csrfToken(c)} drafts={drafts} draft={draft} districts={districts} values={values} existing={existing} {...extra} />, status);
    const parsed = parsePreviewForm(values, districts);
    if (!parsed.ok) return render(422, { errors: parsed.errors });
    try {
      await saveImportDraft(db, { actor: requirePermission(c, 'import.run') }, draft, parsed.agreement);
    } catch (error) {
      if (isAppError(error) && error.code === 'CONFLICT') return c.redirect(after, 303);
      // The transaction rolled back: nothing of this file is stored, the other files stay available.
      return render(isAppError(error) ? 422 : 500, { saveError: describeSaveFailure(error).message });
    }
    return c.redirect(after, 303);
  });

  return app;
}

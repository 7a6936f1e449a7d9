import type { Context, Hono } from 'hono';
import { agsParam, formVersion, yearParam } from '../../platform/http/route-params';
import type { AppDatabase } from '../../platform/db/client';
import { AppError, isAppError } from '../../platform/errors';
import { csrfToken } from '../../platform/http/csrf';
import { isAgs, parseEuro, parseGermanDate } from '../../platform/input';
import type { FieldErrors } from '../../ui/forms';
import { renderPage } from '../../ui/render';
import { requireActor } from '../access/middleware';
import { authorize, can } from '../access/policy';
import { findAllocationCents, getBudgetYear } from '../budget-years/service';
import { getDistrict } from '../districts/service';
import { getAntragState } from './antrag-record';
import { antragFromProjects } from './antrag-record';
import { bescheidDocument, checkAllocation, createBescheidDraft, findBescheide, getBescheid, getBescheidFile, issueBescheid, updateBescheidDraft } from './bescheid';
import { renderOfficialLetterPdf } from '../../platform/documents/official-letter';
import { buildAntragDocument, RP_KASSEL_SENDER, toOfficialLetter } from './documents/model';
import { letterSender } from '../letterheads/service';
import { renderFundingDocx, renderFundingPdf } from './documents/render';
import { answerNachforderung, getNachforderungFile, requestDocuments, resumeAntrag, saveChecklist } from './review';
import { CHECKLIST_ITEMS } from './schema';
import { antragPath } from './views/antrag-pages';
import { BescheidPage, bescheidPath, ConfirmIssuePage, type BescheidFormValues } from './views/bescheid-pages';
import { ConfirmNachforderungPage, type ReviewProps } from './views/review-sections';

type AntragPageFn = (c: Context, year: number, ags: string, extra: { errors?: FieldErrors; error?: string; notice?: string; review?: Pick<ReviewProps, 'values' | 'errors'> }, status?: number) => Promise<Response>;

/** Today in Germany. */
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date());

function sequenceParam(value: string | undefined): number {
  if (!value || !/^\d{1,4}$/.test(value) || Number(value) < 1) throw new AppError('NOT_FOUND');
  return Number(value);
}
const str = (body: Record<string, unknown>, name: string, max: number) => (typeof body[name] === 'string' ? (body[name] as string).slice(0, max) : '');

function file(c: Context, name: string, bytes: Uint8Array, type: 'pdf' | 'docx') {
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': type === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'Content-Disposition': `attachment; filename="${name}"`,
  });
}

/** Form names of the Bescheid fields (errors shown next to them). */
function bescheidFieldName(path: string): string {
  const direct: Record<string, string> = { periodFrom: 'beginn', periodTo: 'ende', proofDueOn: 'nachweis', purpose: 'zweck', conditions: 'nebenbestimmungen', legalRemedy: 'rechtsbehelf', reason: 'anlass' };
  if (direct[path]) return direct[path];
  const line = /^lines\.(\d+)\.(\w+)$/.exec(path);
  if (line) return `${{ approvedCents: 'bewilligt', requestedCents: 'beantragt', financingType: 'art', rejectionReason: 'begruendung' }[line[2]!] ?? 'bewilligt'}_${line[1]}`;
  return 'beginn';
}

/**
 * The Prüfung, Nachforderung and Bescheid pages of RP Kassel (issue 13) and the Antrag's and
 * letters' files. Thin: parse → authorise → use case (review.ts, bescheid.ts) → render/redirect.
 */
export function registerReviewRoutes(app: Hono, deps: { database: AppDatabase; antragPage: AntragPageFn }) {
  const { database, antragPage } = deps;
  const db = database.db;

  async function target(c: Context, action: Parameters<typeof authorize>[1]) {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    authorize(actor, action, { ags });
    await getBudgetYear(db, year);
    return { actor, year, ags };
  }

  /** The refusals a person can act on go back to the Antrag page. */
  async function onAntrag(c: Context, year: number, ags: string, run: () => Promise<unknown>, done: string, fields: Record<string, string>, values: ReviewProps['values']) {
    try {
      await run();
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'VALIDATION_FAILED') {
        const errors: FieldErrors = {};
        for (const issue of error.issues) {
          const name = fields[issue.path] ?? fields[issue.path.split('.')[0]!] ?? Object.values(fields)[0]!;
          errors[name] ??= issue.message;
        }
        return antragPage(c, year, ags, { review: { errors, values }, error: error.issues.length ? undefined : error.message }, 422);
      }
      if (error.code === 'CONFLICT' || error.code === 'INVALID_STATE_TRANSITION') return antragPage(c, year, ags, { error: error.message }, 409);
      throw error;
    }
    return c.redirect(`${antragPath(year, ags)}?${done}=1`, 303);
  }

  // ── Antrag as document ─────────────────────────────────────────────────────────────────────
  for (const format of ['pdf', 'docx'] as const) {
    app.get(`/antraege/:year/:ags/antrag.${format}`, async (c) => {
      const { year, ags } = await target(c, 'antrag.read');
      const state = await getAntragState(db, year, ags);
      const doc = buildAntragDocument({
        district: await getDistrict(db, ags),
        antrag: state.submittedContent ?? (await antragFromProjects(db, year, ags)),
        aktenzeichen: state.aktenzeichen,
        submittedOn: state.submittedOn,
        allocationCents: (await findAllocationCents(db, ags, year)) ?? null,
      });
      return file(c, `${doc.fileStem}.${format}`, format === 'pdf' ? await renderFundingPdf(doc) : await renderFundingDocx(doc), format);
    });
  }

  // ── Prüfung ─────────────────────────────────────────────────────────────────────────────────
  app.post('/antraege/:year/:ags/pruefung', async (c) => {
    const { actor, year, ags } = await target(c, 'antrag.examine');
    const body = await c.req.parseBody();
    const expectedVersion = formVersion(body, 0);
    const items = CHECKLIST_ITEMS.map((key) => ({ key, checked: body[`erledigt_${key}`] === '1', note: str(body, `notiz_${key}`, 4000) }));
    const fields = Object.fromEntries(CHECKLIST_ITEMS.map((key, i) => [`${i}`, `notiz_${key}`]));
    return onAntrag(c, year, ags, () => saveChecklist(database, actor, { year, ags, expectedVersion }, items), 'geprueft', fields, { checklist: items });
  });

  // ── Nachforderung ───────────────────────────────────────────────────────────────────────────
  app.post('/antraege/:year/:ags/nachforderung', async (c) => {
    const { actor, year, ags } = await target(c, 'antrag.requestDocuments');
    const body = await c.req.parseBody();
    const expectedVersion = formVersion(body, 0);
    const values = { items: str(body, 'fehlend', 5000), deadline: str(body, 'frist', 40) };
    const deadline = parseGermanDate(values.deadline) ?? '';
    const fields = { items: 'fehlend', deadline: 'frist' };
    if (body.bestaetigt !== '1') {
      // First the confirmation page (no JavaScript needed); the form's own mistakes are shown at once.
      const errors: FieldErrors = {};
      if (!values.items.trim()) errors.fehlend = 'Bitte beschreiben Sie, welche Unterlagen oder Angaben fehlen.';
      if (!deadline) errors.frist = 'Bitte geben Sie die Frist als Datum an (z. B. 30.4.2025).';
      else if (deadline <= today()) errors.frist = 'Die Frist muss nach dem heutigen Tag liegen.';
      if (Object.keys(errors).length) return antragPage(c, year, ags, { review: { errors, values } }, 422);
      const state = await getAntragState(db, year, ags);
      authorize(actor, 'antrag.requestDocuments', { ags, status: state.status });
      return renderPage(c, <ConfirmNachforderungPage districtName={(await getDistrict(db, ags)).name} state={{ ...state, version: expectedVersion }} csrf={csrfToken(c)} items={values.items} deadline={deadline} deadlineText={values.deadline} />);
    }
    return onAntrag(c, year, ags, () => requestDocuments(database, actor, { year, ags, expectedVersion, today: today() }, { items: values.items, deadline }), 'nachgefordert', fields, values);
  });

  app.post('/antraege/:year/:ags/nachforderung/antwort', async (c) => {
    const { actor, year, ags } = await target(c, 'antrag.answer');
    const body = await c.req.parseBody();
    const expectedVersion = formVersion(body, 0);
    const answer = str(body, 'antwort', 5000);
    return onAntrag(c, year, ags, () => answerNachforderung(database, actor, { year, ags, expectedVersion, today: today() }, { answer }), 'beantwortet', { answer: 'antwort' }, { answer });
  });

  for (const format of ['pdf', 'docx'] as const) {
    app.get(`/antraege/:year/:ags/nachforderungen/:n/brief.${format}`, async (c) => {
      const { year, ags } = await target(c, 'antrag.read');
      const letter = await getNachforderungFile(db, year, ags, sequenceParam(c.req.param('n')), format);
      return file(c, letter.fileName, letter.bytes, format);
    });
  }

  app.post('/antraege/:year/:ags/fortsetzen', async (c) => {
    const { actor, year, ags } = await target(c, 'antrag.resume');
    const expectedVersion = formVersion(await c.req.parseBody(), 0);
    return onAntrag(c, year, ags, () => resumeAntrag(database, actor, { year, ags, expectedVersion }), 'fortgesetzt', {}, undefined);
  });

  // ── Bescheide ───────────────────────────────────────────────────────────────────────────────
  app.post('/antraege/:year/:ags/bescheide', async (c) => {
    const { actor, year, ags } = await target(c, 'bescheid.edit');
    const expectedVersion = formVersion(await c.req.parseBody(), 0);
    let sequence: number;
    try {
      sequence = (await createBescheidDraft(database, actor, { year, ags, expectedVersion })).sequence;
    } catch (error) {
      if (isAppError(error) && ['CONFLICT', 'INVALID_STATE_TRANSITION', 'VALIDATION_FAILED'].includes(error.code)) return antragPage(c, year, ags, { error: error.message }, error.status);
      throw error;
    }
    return c.redirect(`${bescheidPath(year, ags, sequence)}?angelegt=1`, 303);
  });

  async function bescheidPage(c: Context, year: number, ags: string, sequence: number, extra: { values?: BescheidFormValues; errors?: FieldErrors; error?: string; notice?: string } = {}, status = 200) {
    const actor = requireActor(c);
    authorize(actor, 'bescheid.read', { ags });
    const state = await getAntragState(db, year, ags);
    const bescheid = await getBescheid(db, year, ags, sequence);
    const allocation = await checkAllocation(db, bescheid);
    return renderPage(
      c,
      <BescheidPage
        districtName={(await getDistrict(db, ags)).name}
        state={state}
        bescheid={bescheid}
        history={await findBescheide(db, year, ags)}
        allocationCents={allocation.allocationCents}
        approvedWithThisCents={allocation.approvedCents}
        canEdit={can(actor, 'bescheid.edit', { ags, status: state.status })}
        canIssue={can(actor, bescheid.sequence === 1 ? 'antrag.decide' : 'bescheid.amend', { ags, status: state.status })}
        csrf={csrfToken(c)}
        {...extra}
      />,
      status as 200,
    );
  }

  app.get('/antraege/:year/:ags/bescheide/:seq', async (c) => {
    const { year, ags } = await target(c, 'bescheid.read');
    const notice = c.req.query('angelegt') ? 'Der Entwurf wurde angelegt.' : c.req.query('gespeichert') ? 'Der Entwurf wurde gespeichert.' : c.req.query('erlassen') ? 'Der Bescheid wurde erlassen.' : undefined;
    return bescheidPage(c, year, ags, sequenceParam(c.req.param('seq')), { notice });
  });

  app.post('/antraege/:year/:ags/bescheide/:seq', async (c) => {
    const { actor, year, ags } = await target(c, 'bescheid.edit');
    const sequence = sequenceParam(c.req.param('seq'));
    const body = await c.req.parseBody();
    const expectedVersion = formVersion(body, 0);
    const current = await getBescheid(db, year, ags, sequence);
    const values: BescheidFormValues = {
      periodFrom: str(body, 'beginn', 40),
      periodTo: str(body, 'ende', 40),
      proofDueOn: str(body, 'nachweis', 40),
      purpose: str(body, 'zweck', 3000),
      conditions: str(body, 'nebenbestimmungen', 9000),
      legalRemedy: str(body, 'rechtsbehelf', 5000),
      reason: str(body, 'anlass', 3000),
      lines: current.lines.map((_, i) => ({ projectId: Number(str(body, `projekt_${i}`, 12)) || 0, requested: str(body, `beantragt_${i}`, 40), approved: str(body, `bewilligt_${i}`, 40), financingType: str(body, `art_${i}`, 20), rejectionReason: str(body, `begruendung_${i}`, 3000) })),
    };
    const errors: FieldErrors = {};
    const date = (text: string, name: string) => {
      const iso = parseGermanDate(text);
      if (!iso) errors[name] = 'Bitte geben Sie ein Datum an (z. B. 31.12.2025).';
      return iso ?? '';
    };
    const euro = (text: string, name: string) => {
      const parsed = parseEuro(text);
      if (!parsed.ok) errors[name] = parsed.message;
      return parsed.ok ? parsed.cents : 0;
    };
    const input = {
      periodFrom: date(values.periodFrom, 'beginn'),
      periodTo: date(values.periodTo, 'ende'),
      proofDueOn: date(values.proofDueOn, 'nachweis'),
      purpose: values.purpose,
      conditions: values.conditions,
      legalRemedy: values.legalRemedy,
      reason: values.reason,
      lines: values.lines.map((l, i) => ({
        projectId: l.projectId,
        approvedCents: euro(l.approved, `bewilligt_${i}`),
        ...(current.kind === 'aenderung' ? { requestedCents: euro(l.requested, `beantragt_${i}`) } : {}),
        financingType: l.financingType,
        rejectionReason: l.rejectionReason,
      })),
    };
    if (Object.keys(errors).length) return bescheidPage(c, year, ags, sequence, { values, errors }, 422);
    try {
      await updateBescheidDraft(database, actor, { year, ags, sequence, expectedVersion }, input);
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'VALIDATION_FAILED') {
        for (const issue of error.issues) errors[bescheidFieldName(issue.path)] ??= issue.message;
        return bescheidPage(c, year, ags, sequence, { values, errors, error: error.issues.some((i) => i.path === 'lines') ? error.issues.find((i) => i.path === 'lines')!.message : undefined }, 422);
      }
      if (error.code === 'CONFLICT' || error.code === 'INVALID_STATE_TRANSITION') return bescheidPage(c, year, ags, sequence, { values, error: error.message }, 409);
      throw error;
    }
    return c.redirect(`${bescheidPath(year, ags, sequence)}?gespeichert=1`, 303);
  });

  app.get('/antraege/:year/:ags/bescheide/:seq/vorschau.pdf', async (c) => {
    const { year, ags } = await target(c, 'bescheid.read');
    const bescheid = await getBescheid(db, year, ags, sequenceParam(c.req.param('seq')));
    const doc = await bescheidDocument(db, bescheid, await getAntragState(db, year, ags), bescheid.decidedOn ?? today());
    return file(c, `${doc.fileStem}-vorschau.pdf`, await renderOfficialLetterPdf(toOfficialLetter(doc, await letterSender(db, 'rp-kassel', RP_KASSEL_SENDER))), 'pdf');
  });

  for (const format of ['pdf', 'docx'] as const) {
    app.get(`/antraege/:year/:ags/bescheide/:seq/bescheid.${format}`, async (c) => {
      const { year, ags } = await target(c, 'bescheid.read');
      const stored = await getBescheidFile(db, year, ags, sequenceParam(c.req.param('seq')), format);
      return file(c, stored.fileName, stored.bytes, format);
    });
  }

  async function confirmPage(c: Context, year: number, ags: string, sequence: number, error?: string, status = 200) {
    const actor = requireActor(c);
    const state = await getAntragState(db, year, ags);
    const bescheid = await getBescheid(db, year, ags, sequence);
    authorize(actor, bescheid.sequence === 1 ? 'antrag.decide' : 'bescheid.amend', { ags, status: state.status });
    if (bescheid.status !== 'entwurf') throw new AppError('INVALID_STATE_TRANSITION', 'Dieser Bescheid ist schon erlassen.');
    const allocation = await checkAllocation(db, bescheid);
    const problems = bescheid.lines
      .filter((l) => l.approvedCents > l.requestedCents || (l.approvedCents < l.requestedCents && !l.rejectionReason.trim()))
      .map((l) => (l.approvedCents > l.requestedCents ? `${l.key}: mehr bewilligt als beantragt [BEWILLIGUNG_UEBER_ANTRAG]` : `${l.key}: Teilablehnung ohne Begründung [TEILABLEHNUNG_OHNE_BEGRUENDUNG]`))
      .concat(allocation.issues.map((i) => i.message));
    return renderPage(
      c,
      <ConfirmIssuePage districtName={(await getDistrict(db, ags)).name} state={state} bescheid={bescheid} problems={problems} allocationCents={allocation.allocationCents} approvedWithThisCents={allocation.approvedCents} csrf={csrfToken(c)} error={error} />,
      status as 200,
    );
  }

  app.get('/antraege/:year/:ags/bescheide/:seq/erlassen', async (c) => {
    const { year, ags } = await target(c, 'bescheid.edit');
    return confirmPage(c, year, ags, sequenceParam(c.req.param('seq')));
  });

  app.post('/antraege/:year/:ags/bescheide/:seq/erlassen', async (c) => {
    const { actor, year, ags } = await target(c, 'bescheid.edit');
    const sequence = sequenceParam(c.req.param('seq'));
    const expectedVersion = formVersion(await c.req.parseBody(), 0);
    try {
      await issueBescheid(database, actor, { year, ags, sequence, expectedVersion, today: today() });
    } catch (error) {
      if (isAppError(error) && ['CONFLICT', 'VALIDATION_FAILED'].includes(error.code)) {
        const message = [error.message, ...error.issues.map((i) => i.message)].join(' ');
        return confirmPage(c, year, ags, sequence, message, error.status);
      }
      throw error;
    }
    return c.redirect(`${bescheidPath(year, ags, sequence)}?erlassen=1`, 303);
  });
}

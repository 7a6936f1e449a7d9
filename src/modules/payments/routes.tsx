import { type Context, Hono } from 'hono';
import type { AppDatabase } from '../../platform/db/client';
import { renderOfficialLetterDocx, renderOfficialLetterPdf } from '../../platform/documents/official-letter';
import { AppError, isAppError } from '../../platform/errors';
import { formatDate } from '../../platform/format';
import { csrfToken } from '../../platform/http/csrf';
import { isAgs, parseGermanDate } from '../../platform/input';
import { writeXlsxTable } from '../../platform/xlsx';
import type { FieldErrors } from '../../ui/forms';
import { renderPage } from '../../ui/render';
import { requireActor } from '../access/middleware';
import { authorize, can, tenantFilter } from '../access/policy';
import { chooseBudgetYear, getBudgetYear } from '../budget-years/service';
import { findDistricts, getDistrict } from '../districts/service';
import { fieldErrorsOf, FormReader } from './form-input';
import { findInterimInterest } from './interim-interest';
import { readLedger, readLedgers } from './ledger';
import { refundLetter } from './letter/letter-model';
import { findFundingOverview, overviewCsv, overviewXlsxTable } from './overview';
import { computeRefundContent, getProof, issueRefund, saveAudit, saveProofDraft, submitProof } from './proof';
import type { ProofDraftInput, RefundContent } from './schema';
import { decideInterimInterest, recordPayout, reportUse, requestFunds } from './use-cases';
import { InterimInterestPage, MoneyListPage, MoneyPage, type MoneyPageProps, moneyPath, PLANNED_ROWS, proofPath, type RequestFormValues, type UseFormValues } from './views/money-pages';
import { FundingOverviewPage } from './views/overview-page';
import { ConfirmPage, ProofPage, type ProofPageProps, proofFormValues } from './views/proof-pages';

/** Today in Germany (dates of requests, payouts and uses are German calendar days). */
export const berlinToday = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date());

export function yearParam(value: string | undefined): number {
  if (!value || !/^\d{4}$/.test(value)) throw new AppError('NOT_FOUND');
  return Number(value);
}
export function agsParam(value: string | undefined): string {
  if (!isAgs(value)) throw new AppError('NOT_FOUND');
  return value;
}

const stale = 'Der Stand der Seite fehlt. Bitte laden Sie die Seite neu.';
const emptyRequest = (today: string): RequestFormValues => ({ projekt: '', datum: formatDate(today), betrag: '', rows: Array.from({ length: PLANNED_ROWS }, () => ({ datum: '', betrag: '', zweck: '' })) });
const emptyUse = (today: string): UseFormValues => ({ projekt: '', datum: formatDate(today), betrag: '', beschreibung: '' });

/** The pages of the money path (issue 13): /mittel, /verwendungsnachweise, /foerderuebersicht. */
export function paymentRoutes({ database }: { database: AppDatabase }) {
  const app = new Hono();
  const db = database.db;

  async function place(c: Context, action: 'payment.read' | 'proof.read') {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    authorize(actor, action, { ags });
    await getBudgetYear(db, year);
    const district = await getDistrict(db, ags);
    return { actor, year, ags, district, today: berlinToday() };
  }

  // ── Mittel ───────────────────────────────────────────────────────────────────────────────
  app.get('/mittel', async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'payment.read');
    const { years, year } = await chooseBudgetYear(db, c.req.query('jahr'));
    const own = tenantFilter(actor);
    const ledgers = year === null ? new Map() : await readLedgers(db, year, own ?? undefined);
    const rows = (await findDistricts(db)).filter((d) => own === null || d.ags === own).map((d) => ({ ags: d.ags, name: d.name, figures: ledgers.get(d.ags)?.balances.total ?? null }));
    return renderPage(c, <MoneyListPage years={years} year={year} rows={year === null ? [] : rows} demo={[...ledgers.values()].some((l) => l.isDemo)} />);
  });

  async function moneyPage(c: Context, extra: Partial<MoneyPageProps> = {}, status = 200) {
    const { actor, year, ags, district, today } = await place(c, 'payment.read');
    const ledger = await readLedger(db, year, ags);
    return renderPage(
      c,
      <MoneyPage
        year={year}
        ags={ags}
        districtName={district.name}
        ledger={ledger}
        today={today}
        csrf={csrfToken(c)}
        canRequest={can(actor, 'payment.request', { ags })}
        canPayout={can(actor, 'payment.payout', { ags })}
        canUse={can(actor, 'payment.use', { ags })}
        requestValues={emptyRequest(today)}
        useValues={emptyUse(today)}
        {...extra}
      />,
      status as 200,
    );
  }

  app.get('/mittel/:year/:ags', (c) => {
    const q = c.req.query();
    const notice = q.abgerufen ? 'Der Mittelabruf wurde gespeichert.' : q.ausgezahlt ? 'Die Auszahlung wurde erfasst.' : q.verwendet ? 'Die Verwendung wurde gemeldet.' : undefined;
    return moneyPage(c, { notice });
  });

  app.post('/mittel/:year/:ags/abrufe', async (c) => {
    const { actor, year, ags, today } = await place(c, 'payment.read');
    authorize(actor, 'payment.request', { ags });
    const form = new FormReader(await c.req.parseBody());
    const values: RequestFormValues = {
      projekt: form.text('projekt', 40),
      datum: form.text('datum', 40),
      betrag: form.text('betrag', 40),
      rows: Array.from({ length: PLANNED_ROWS }, (_, i) => ({ datum: form.text(`faellig_${i + 1}_datum`, 40), betrag: form.text(`faellig_${i + 1}_betrag`, 40), zweck: form.text(`faellig_${i + 1}_zweck`, 300) })),
    };
    const requestedOn = form.date('datum');
    const amountCents = form.euro('betrag');
    const plannedUse = values.rows.flatMap((row, i) => {
      const n = i + 1;
      if (i > 0 && !row.datum.trim() && !row.betrag.trim() && !row.zweck.trim()) return [];
      const dueOn = form.date(`faellig_${n}_datum`);
      const cents = form.euro(`faellig_${n}_betrag`);
      return dueOn && cents !== null ? [{ dueOn, amountCents: cents, purpose: row.zweck }] : [];
    });
    if (!values.projekt) form.errors.projekt = 'Bitte wählen Sie ein Projekt.';
    if (!form.ok || requestedOn === null || amountCents === null) return moneyPage(c, { requestValues: values, requestErrors: form.errors }, 422);
    try {
      await requestFunds(database, actor, { year, ags, today }, { projectKey: values.projekt, requestedOn, amountCents, plannedUse });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      const errors = fieldErrorsOf(
        error.issues,
        (path) => {
          const m = /^plannedUse\.(\d+)\.(dueOn|amountCents|purpose)$/.exec(path);
          if (m) return `faellig_${Number(m[1]) + 1}_${m[2] === 'dueOn' ? 'datum' : m[2] === 'amountCents' ? 'betrag' : 'zweck'}`;
          return { projectKey: 'projekt', requestedOn: 'datum', amountCents: 'betrag', plannedUse: 'faellig_1_datum' }[path];
        },
        'betrag',
      );
      return moneyPage(c, { requestValues: values, requestErrors: errors }, 422);
    }
    return c.redirect(`${moneyPath(year, ags)}?abgerufen=1`, 303);
  });

  app.post('/mittel/:year/:ags/abrufe/:id/auszahlung', async (c) => {
    const { actor, year, ags, today } = await place(c, 'payment.read');
    authorize(actor, 'payment.payout', { ags });
    const id = c.req.param('id');
    if (!/^\d{1,9}$/.test(id)) throw new AppError('NOT_FOUND');
    const requestId = Number(id);
    const form = new FormReader(await c.req.parseBody());
    const values = { requestId, datum: form.text('datum', 40), betrag: form.text('betrag', 40) };
    const paidOn = form.date('datum');
    const amountCents = form.euro('betrag');
    if (!form.ok || paidOn === null || amountCents === null) return moneyPage(c, { payoutValues: values, payoutErrors: form.errors }, 422);
    try {
      await recordPayout(database, actor, { year, ags, today }, { requestId, paidOn, amountCents });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return moneyPage(c, { payoutValues: values, payoutErrors: fieldErrorsOf(error.issues, (p) => ({ paidOn: 'datum', amountCents: 'betrag' })[p], 'betrag') }, 422);
    }
    return c.redirect(`${moneyPath(year, ags)}?ausgezahlt=1`, 303);
  });

  app.post('/mittel/:year/:ags/verwendungen', async (c) => {
    const { actor, year, ags, today } = await place(c, 'payment.read');
    authorize(actor, 'payment.use', { ags });
    const form = new FormReader(await c.req.parseBody());
    const values: UseFormValues = { projekt: form.text('projekt', 40), datum: form.text('datum', 40), betrag: form.text('betrag', 40), beschreibung: form.text('beschreibung', 300) };
    const usedOn = form.date('datum');
    const amountCents = form.euro('betrag');
    if (!values.projekt) form.errors.projekt = 'Bitte wählen Sie ein Projekt.';
    if (!form.ok || usedOn === null || amountCents === null) return moneyPage(c, { useValues: values, useErrors: form.errors }, 422);
    try {
      await reportUse(database, actor, { year, ags, today }, { projectKey: values.projekt, usedOn, amountCents, description: values.beschreibung });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return moneyPage(c, { useValues: values, useErrors: fieldErrorsOf(error.issues, (p) => ({ projectKey: 'projekt', usedOn: 'datum', amountCents: 'betrag', description: 'beschreibung' })[p], 'betrag') }, 422);
    }
    return c.redirect(`${moneyPath(year, ags)}?verwendet=1`, 303);
  });

  // ── Zwischenzinsen ───────────────────────────────────────────────────────────────────────
  async function interimPage(c: Context, asOfText: string | undefined, extra: { notice?: string; error?: string; errorsFor?: { projectKey: string; errors: FieldErrors; values: { entscheidung: string; begruendung: string } } } = {}, status = 200) {
    const { actor, year, ags, district, today } = await place(c, 'payment.read');
    const typed = (asOfText ?? '').slice(0, 40);
    const parsed = typed ? parseGermanDate(typed) : today;
    const asOfError = typed && !parsed ? 'Bitte geben Sie ein gültiges Datum an (z. B. 31.12.2025).' : parsed && parsed > today ? 'Der Stichtag darf nicht in der Zukunft liegen.' : undefined;
    const asOf = !parsed || asOfError ? today : parsed;
    const ledger = await readLedger(db, year, ags);
    const items = await findInterimInterest(db, ledger, asOf);
    return renderPage(
      c,
      <InterimInterestPage
        year={year}
        ags={ags}
        districtName={district.name}
        asOf={asOf}
        asOfText={asOfError ? typed : formatDate(asOf)}
        asOfError={asOfError}
        items={items}
        canDecide={can(actor, 'payment.decideInterest', { ags })}
        csrf={csrfToken(c)}
        demo={ledger.isDemo}
        {...extra}
      />,
      (asOfError && status === 200 ? 422 : status) as 200,
    );
  }

  app.get('/mittel/:year/:ags/zwischenzinsen', (c) => interimPage(c, c.req.query('stichtag'), { notice: c.req.query('entschieden') ? 'Die Entscheidung wurde gespeichert.' : undefined }));

  app.post('/mittel/:year/:ags/zwischenzinsen', async (c) => {
    const { actor, year, ags, today } = await place(c, 'payment.read');
    authorize(actor, 'payment.decideInterest', { ags });
    const form = new FormReader(await c.req.parseBody());
    const projectKey = form.text('projekt', 40);
    const asOfText = form.text('stichtag', 40);
    const values = { entscheidung: form.text('entscheidung', 20), begruendung: form.text('begruendung', 2000) };
    const asOf = form.date('stichtag');
    const version = form.version();
    if (version === null) return interimPage(c, asOfText, { error: stale }, 422);
    if (values.entscheidung !== 'geltend' && values.entscheidung !== 'verzicht') form.errors.entscheidung = 'Bitte wählen Sie: geltend machen oder verzichten.';
    if (!form.ok || asOf === null) return interimPage(c, asOfText, { errorsFor: { projectKey, errors: form.errors.stichtag ? { entscheidung: form.errors.stichtag } : form.errors, values } }, 422);
    try {
      await decideInterimInterest(database, actor, { year, ags, today }, { projectKey, decision: values.entscheidung as 'geltend', asOf, reason: values.begruendung, expectedVersion: version });
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'CONFLICT') return interimPage(c, asOfText, { error: error.message }, 409);
      if (error.code !== 'VALIDATION_FAILED') throw error;
      return interimPage(c, asOfText, { errorsFor: { projectKey, errors: fieldErrorsOf(error.issues, (p) => ({ decision: 'entscheidung', reason: 'begruendung' })[p], 'entscheidung'), values } }, 422);
    }
    return c.redirect(`${moneyPath(year, ags, 'zwischenzinsen')}?stichtag=${encodeURIComponent(formatDate(asOf))}&entschieden=1`, 303);
  });

  // ── Verwendungsnachweis ──────────────────────────────────────────────────────────────────
  async function proofPage(c: Context, extra: Partial<ProofPageProps> = {}, status = 200) {
    const { actor, year, ags, district, today } = await place(c, 'proof.read');
    const proof = await getProof(db, year, ags);
    let preview: RefundContent | null = null;
    let previewError: string | undefined;
    if (proof.status === 'eingereicht') {
      try {
        preview = await computeRefundContent(db, proof, { note: proof.auditNote, interestTo: proof.interestTo ?? today, issuedOn: null });
      } catch (error) {
        if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
        previewError = [error.message, ...error.issues.map((i) => i.message)].join(' ');
      }
    }
    return renderPage(
      c,
      <ProofPage
        districtName={district.name}
        proof={proof}
        today={today}
        csrf={csrfToken(c)}
        canEdit={can(actor, 'proof.edit', { ags, status: proof.status })}
        canSubmit={can(actor, 'proof.submit', { ags, status: proof.status })}
        canAudit={can(actor, 'proof.audit', { ags, status: proof.status })}
        canIssue={can(actor, 'refund.issue', { ags, status: proof.status })}
        values={proofFormValues(proof)}
        auditValues={{ note: proof.auditNote, interestTo: formatDate(proof.interestTo ?? today) }}
        preview={preview}
        previewError={previewError}
        {...extra}
      />,
      status as 200,
    );
  }

  app.get('/verwendungsnachweise/:year/:ags', (c) => {
    const q = c.req.query();
    const notice = q.gespeichert ? 'Der Entwurf wurde gespeichert.' : q.eingereicht ? 'Der Verwendungsnachweis wurde eingereicht.' : q.geprueft ? 'Der Prüfvermerk wurde gespeichert.' : q.erlassen ? 'Prüfvermerk und Rückforderung wurden erlassen.' : undefined;
    return proofPage(c, { notice });
  });

  app.post('/verwendungsnachweise/:year/:ags', async (c) => {
    const { actor, year, ags } = await place(c, 'proof.read');
    const proof = await getProof(db, year, ags);
    authorize(actor, 'proof.edit', { ags, status: proof.status });
    const body = await c.req.parseBody();
    const form = new FormReader(body);
    const version = form.version();
    if (version === null) return proofPage(c, { error: stale }, 422);
    const values: Record<string, string> = {};
    const projects: ProofDraftInput['projects'] = proof.projects.map((p, k) => {
      for (const name of [`bericht_${k}`, `plaetze_${k}`, `ergebnisse_${k}`, ...p.expenses.map((_, j) => `ausgabe_${k}_${j}`), ...p.funding.map((_, j) => `finanzierung_${k}_${j}`)]) values[name] = form.text(name, 5000);
      return {
        projectKey: p.projectKey,
        report: form.text(`bericht_${k}`, 5000),
        placesFilled: form.integer(`plaetze_${k}`),
        results: form.text(`ergebnisse_${k}`, 5000),
        expenses: p.expenses.map((_, j) => form.euro(`ausgabe_${k}_${j}`) ?? 0),
        funding: p.funding.map((_, j) => form.euro(`finanzierung_${k}_${j}`) ?? 0),
      };
    });
    if (!form.ok) return proofPage(c, { values, errors: form.errors }, 422);
    try {
      await saveProofDraft(database, actor, { year, ags }, { expectedVersion: version, projects });
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'CONFLICT') return proofPage(c, { values, error: error.message }, 409);
      if (error.code !== 'VALIDATION_FAILED') throw error;
      const errors = fieldErrorsOf(
        error.issues,
        (path) => {
          const m = /^projects\.(\d+)\.(report|results|placesFilled)$/.exec(path);
          return m ? `${{ report: 'bericht', results: 'ergebnisse', placesFilled: 'plaetze' }[m[2] as 'report']}_${m[1]}` : undefined;
        },
        'bericht_0',
      );
      return proofPage(c, { values, errors }, 422);
    }
    return c.redirect(`${proofPath(year, ags)}?gespeichert=1`, 303);
  });

  async function submitPage(c: Context, error?: string, status = 200) {
    const { actor, year, ags, district } = await place(c, 'proof.read');
    const proof = await getProof(db, year, ags);
    authorize(actor, 'proof.submit', { ags, status: proof.status });
    return renderPage(
      c,
      <ConfirmPage
        title={`Verwendungsnachweis ${year} einreichen – ${district.name}`}
        heading={`Verwendungsnachweis ${year} einreichen`}
        text={`Nach dem Einreichen können Sachbericht und zahlenmäßiger Nachweis nicht mehr geändert werden. Das Regierungspräsidium Kassel prüft ihn und setzt die förderfähige Zuwendung fest.${proof.dueOn ? ` Frist laut Bescheid: ${formatDate(proof.dueOn)}.` : ''}`}
        action={proofPath(year, ags, 'einreichen')}
        version={proof.version}
        csrf={csrfToken(c)}
        button="Jetzt verbindlich einreichen"
        back={proofPath(year, ags)}
        error={error}
        demo={proof.isDemo}
      />,
      status as 200,
    );
  }

  app.get('/verwendungsnachweise/:year/:ags/einreichen', (c) => submitPage(c));
  app.post('/verwendungsnachweise/:year/:ags/einreichen', async (c) => {
    const { actor, year, ags, today } = await place(c, 'proof.read');
    const version = new FormReader(await c.req.parseBody()).version();
    if (version === null) return submitPage(c, stale, 422);
    try {
      await submitProof(database, actor, { year, ags, today, expectedVersion: version });
    } catch (error) {
      if (isAppError(error) && (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT')) return submitPage(c, [error.message, ...error.issues.map((i) => i.message)].join(' '), error.status);
      throw error;
    }
    return c.redirect(`${proofPath(year, ags)}?eingereicht=1`, 303);
  });

  app.post('/verwendungsnachweise/:year/:ags/pruefung', async (c) => {
    const { actor, year, ags } = await place(c, 'proof.read');
    const proof = await getProof(db, year, ags);
    authorize(actor, 'proof.audit', { ags, status: proof.status });
    const form = new FormReader(await c.req.parseBody());
    const version = form.version();
    const auditValues = { note: form.text('pruefvermerk', 10_000), interestTo: form.text('zinsende', 40) };
    if (version === null) return proofPage(c, { auditValues, error: stale }, 422);
    const interestTo = form.date('zinsende');
    if (!form.ok || interestTo === null) return proofPage(c, { auditValues, auditErrors: form.errors }, 422);
    try {
      await saveAudit(database, actor, { year, ags }, { expectedVersion: version, note: auditValues.note, interestTo });
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'CONFLICT') return proofPage(c, { auditValues, error: error.message }, 409);
      if (error.code !== 'VALIDATION_FAILED') throw error;
      return proofPage(c, { auditValues, auditErrors: fieldErrorsOf(error.issues, (p) => ({ note: 'pruefvermerk', interestTo: 'zinsende' })[p], 'zinsende') }, 422);
    }
    return c.redirect(`${proofPath(year, ags)}?geprueft=1`, 303);
  });

  async function issuePage(c: Context, error?: string, status = 200) {
    const { actor, year, ags, district } = await place(c, 'proof.read');
    const proof = await getProof(db, year, ags);
    authorize(actor, 'refund.issue', { ags, status: proof.status });
    let content: RefundContent | null = null;
    let problem = error;
    if (!proof.interestTo) problem ??= 'Bitte speichern Sie zuerst den Prüfvermerk mit dem Zinsende.';
    else {
      try {
        content = await computeRefundContent(db, proof, { note: proof.auditNote, interestTo: proof.interestTo, issuedOn: null });
      } catch (e) {
        if (!isAppError(e) || e.code !== 'VALIDATION_FAILED') throw e;
        problem ??= [e.message, ...e.issues.map((i) => i.message)].join(' ');
      }
    }
    return renderPage(
      c,
      <ConfirmPage
        title={`Prüfvermerk und Rückforderung ${year} – ${district.name}`}
        heading={`Prüfvermerk und Rückforderung ${year} erlassen`}
        text="Mit dem Erlass werden Prüfvermerk, förderfähige Zuwendung, Rückforderung und Zinsberechnung festgeschrieben; der Bescheid kann danach als PDF und Word-Datei heruntergeladen werden. Das lässt sich nicht rückgängig machen."
        action={proofPath(year, ags, 'rueckforderung')}
        version={proof.version}
        csrf={csrfToken(c)}
        button="Verbindlich erlassen"
        back={proofPath(year, ags)}
        error={problem}
        demo={proof.isDemo}
        content={content}
      />,
      status as 200,
    );
  }

  app.get('/verwendungsnachweise/:year/:ags/rueckforderung', (c) => issuePage(c));
  app.post('/verwendungsnachweise/:year/:ags/rueckforderung', async (c) => {
    const { actor, year, ags, today } = await place(c, 'proof.read');
    const version = new FormReader(await c.req.parseBody()).version();
    if (version === null) return issuePage(c, stale, 422);
    try {
      await issueRefund(database, actor, { year, ags, today, expectedVersion: version });
    } catch (error) {
      if (isAppError(error) && (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT')) return issuePage(c, [error.message, ...error.issues.map((i) => i.message)].join(' '), error.status);
      throw error;
    }
    return c.redirect(`${proofPath(year, ags)}?erlassen=1`, 303);
  });

  app.get('/verwendungsnachweise/:year/:ags/:file{rueckforderung\\.(pdf|docx)}', async (c) => {
    const { year, ags } = await place(c, 'proof.read');
    const proof = await getProof(db, year, ags);
    if (!proof.refund) throw new AppError('NOT_FOUND', 'Prüfvermerk und Rückforderung sind noch nicht erlassen.');
    const letter = refundLetter(proof.refund);
    const pdf = c.req.param('file').endsWith('.pdf');
    const bytes = pdf ? await renderOfficialLetterPdf(letter) : await renderOfficialLetterDocx(letter);
    const name = `rueckforderung-${year}-${ags}.${pdf ? 'pdf' : 'docx'}`;
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': pdf ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'Content-Disposition': `attachment; filename="${name}"`,
    });
  });

  // ── Förderübersicht ──────────────────────────────────────────────────────────────────────
  app.get('/foerderuebersicht', async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'funding.overview');
    const { years, year } = await chooseBudgetYear(db, c.req.query('jahr'));
    return renderPage(c, <FundingOverviewPage years={years} overview={year === null ? null : await findFundingOverview(db, year)} />);
  });

  app.get('/foerderuebersicht/:year/:file{foerderuebersicht\\.(csv|xlsx)}', async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'funding.overview');
    const year = yearParam(c.req.param('year'));
    await getBudgetYear(db, year);
    const overview = await findFundingOverview(db, year);
    if (c.req.param('file').endsWith('.csv')) {
      return c.body(overviewCsv(overview), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="foerderuebersicht-${year}.csv"` });
    }
    const bytes = await writeXlsxTable(overviewXlsxTable(overview));
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': `attachment; filename="foerderuebersicht-${year}.xlsx"` });
  });

  return app;
}

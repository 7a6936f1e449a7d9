import type { Context } from 'hono';
import { Hono } from 'hono';
import type { RouteDeps } from '../../platform/http/deps';
import { getActor } from '../access/context';
import { requirePermission } from '../access/middleware';
import { can } from '../access/policy';
import { renderHtml } from '../documents/service';
import { findAmountMismatch } from './service';
import { type DocumentFormat, getAgreementDocument, renderAgreementFile } from './use-cases';
import type { AgreementStatus } from './status';
import { AgreementPage } from './views/agreement-page';
import { renderPage } from '../../ui/render';

const PAGE = '/zielvereinbarungen/:year{[0-9]{4}}/:ags{[0-9]{5}}';

/** German umlauts spelled out, everything else outside ASCII replaced: the fallback `filename`. */
function asciiFileName(name: string): string {
  const map: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss' };
  return name.replace(/[äöüÄÖÜß]/g, (c) => map[c] ?? c).replace(/[^\x20-\x7e]|["\\]/g, '_');
}

/** RFC 6266: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(fileName: string): string {
  return `attachment; filename="${asciiFileName(fileName)}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * The one place that reads the agreement address, and checks the read policy before any route
 * touches the agreement: staff only, a district user only its own AGS (another district → 404).
 */
function agreementAddress(c: Context): { year: number; ags: string } {
  const address = { year: Number(c.req.param('year')), ags: c.req.param('ags') as string };
  requirePermission(c, 'agreement.read', { ags: address.ags });
  return address;
}

/** GET /zielvereinbarungen/:year/:ags (page) and …/dokument.{pdf,docx,txt,json} (downloads). */
/**
 * The issued Bescheide of a district's Antrag (funding/service.ts `findIssuedBescheide`). Funding sits
 * above agreements (it reads § 5), so the app passes the read in instead of an import.
 */
export type IssuedBescheideRead = (db: RouteDeps['database']['db'], year: number, ags: string) => Promise<Array<{ sequence: number; decidedOn: string; approvedCents: number }>>;

/**
 * The open follow-ups of a district's Umsetzungsbesprechung of one year (meetings/service.ts
 * `findFollowUpsOpen`, confirmed minutes only). Meetings sit above agreements (through payments and funding), so the app
 * passes the read in; the draft of year Y shows those of Y − 1.
 */
export type OpenFollowUpsRead = (db: RouteDeps['database']['db'], year: number, ags: string) => Promise<{ href: string; items: Array<{ what: string; who: string; due: string }> }>;

/** Before the signatures the draft is still in the talks; that is where last year's follow-ups belong. */
const IN_TALKS = new Set<AgreementStatus>(['entwurf', 'in_abstimmung']);

export function agreementDocumentRoutes({ database, issuedBescheide, openFollowUps }: RouteDeps & { issuedBescheide?: IssuedBescheideRead; openFollowUps?: OpenFollowUpsRead }) {
  const app = new Hono();

  app.get(PAGE, async (c) => {
    const { year, ags } = agreementAddress(c);
    const { agreement, district, template, document } = await getAgreementDocument(database.db, year, ags);
    const mismatch = await findAmountMismatch(database.db, year, ags);
    return renderPage(c, 
      <AgreementPage
        year={year}
        ags={ags}
        title={document.title}
        districtName={district.officialName}
        status={agreement.status}
        amountCents={agreement.content.amountCents}
        version={agreement.currentVersion}
        publishedAt={agreement.publishedAt}
        isDemo={agreement.isDemo}
        template={{ year: template.year, version: template.version }}
        districtSignedOn={agreement.content.signatures.district?.date ?? null}
        documentHtml={renderHtml(document, { headingLevel: 2 })}
        allocationMismatch={mismatch?.message}
        bescheide={issuedBescheide && can(getActor(c), 'bescheid.read', { ags }) ? await issuedBescheide(database.db, year, ags) : []}
        {...(openFollowUps && IN_TALKS.has(agreement.status) && can(getActor(c), 'meeting.read', { ags })
          ? { previousFollowUps: { year: year - 1, ...(await openFollowUps(database.db, year - 1, ags)) } }
          : {})}
      />,
    );
  });

  app.get(`${PAGE}/:file{dokument\\.(pdf|docx|txt|json)}`, async (c) => {
    const { year, ags } = agreementAddress(c);
    const format = (c.req.param('file') as string).slice('dokument.'.length) as DocumentFormat;
    const file = await renderAgreementFile(database.db, year, ags, format);
    const body = typeof file.body === 'string' ? file.body : new Uint8Array(file.body);
    return c.body(body, 200, {
      'Content-Type': file.contentType,
      'Content-Disposition': contentDisposition(file.fileName),
      'Cache-Control': 'no-store',
    });
  });

  return app;
}

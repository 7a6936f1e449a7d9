/**
 * The one place where money and dates become German text. Data is always integer cents and ISO
 * dates (YYYY-MM-DD); views and documents call these functions.
 */

const euroWithCents = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const euroWhole = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 0, maximumFractionDigits: 0 });

function assertCents(cents: number): void {
  if (!Number.isSafeInteger(cents)) throw new TypeError(`Betrag in Cent muss eine ganze Zahl sein: ${cents}`);
}

const countFormat = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });

/** 12345 → "12.345" (counts: places, projects, participants). */
export function formatCount(n: number): string {
  return countFormat.format(n);
}

/** 78710000 → "787.100,00 €" */
export function formatEuro(cents: number): string {
  return `${formatEuroNumber(cents)} €`;
}

/** 78710000 → "787.100,00" (no currency sign, for tables with a € column header). */
export function formatEuroNumber(cents: number): string {
  assertCents(cents);
  // Integer arithmetic avoids binary-float artefacts for large amounts.
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const euros = Math.trunc(abs / 100);
  const rest = abs % 100;
  return `${sign}${euroWhole.format(euros)},${String(rest).padStart(2, '0')}`;
}

/**
 * The amount as the agreements print it in § 4: whole euros without decimals ("787.100 Euro"),
 * with decimals only when there are cents ("968.540,50 Euro").
 */
export function formatEuroAgreement(cents: number): string {
  assertCents(cents);
  if (cents % 100 === 0) return `${euroWhole.format(cents / 100)} Euro`;
  return `${euroWithCents.format(cents / 100)} Euro`;
}

function parseIso(iso: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new TypeError(`Kein ISO-Datum: ${iso}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** "2024-07-01" → "1.7.2024" (the style of the reference agreements). */
export function formatDate(iso: string): string {
  const [y, m, d] = parseIso(iso);
  return `${d}.${m}.${y}`;
}

/** "2024-07-01" → "01.07.2024" */
export function formatDatePadded(iso: string): string {
  const [y, m, d] = parseIso(iso);
  return `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y}`;
}

/** A timestamp for lists and audit views: "21.11.2026, 14:05 Uhr" (Europe/Berlin). */
export function formatDateTime(value: Date): string {
  const text = new Intl.DateTimeFormat('de-DE', {
    timeZone: 'Europe/Berlin',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(value);
  return `${text} Uhr`;
}

/** Day of week 0 (Sunday) … 6 (Saturday) of an ISO date, independent of the server's time zone. */
export function isoWeekday(iso: string): number {
  const [y, m, d] = parseIso(iso);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function isWeekend(iso: string): boolean {
  const day = isoWeekday(iso);
  return day === 0 || day === 6;
}

/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD) as whole day numbers, independent of the server's
 * time zone: every date is read as midnight UTC, so one day is exactly 86 400 000 ms.
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date in ISO form ("2024-02-29" yes, "2023-02-29" no). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** "1970-01-01" → 0, "1970-01-02" → 1. Throws on a string that is not an ISO date. */
export function dayNumber(iso: string): number {
  if (!isIsoDate(iso)) throw new TypeError(`Kein ISO-Datum: ${iso}`);
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  // Date.UTC treats years 0–99 as 1900–1999; setUTCFullYear does not.
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y);
  return Math.round(date.getTime() / MS_PER_DAY);
}

/** The inverse of dayNumber. */
export function isoFromDayNumber(day: number): string {
  const date = new Date(day * MS_PER_DAY);
  const y = date.getUTCFullYear();
  return `${String(y).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export function addDays(iso: string, days: number): string {
  return isoFromDayNumber(dayNumber(iso) + days);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

/** The first day of the half-year containing `iso`: YYYY-01-01 or YYYY-07-01. */
export function halfYearStart(iso: string): string {
  return Number(iso.slice(5, 7)) <= 6 ? `${iso.slice(0, 4)}-01-01` : `${iso.slice(0, 4)}-07-01`;
}

/** The first day of the half-year after the one containing `iso`. */
export function nextHalfYearStart(iso: string): string {
  const year = yearOf(iso);
  return Number(iso.slice(5, 7)) <= 6 ? `${String(year).padStart(4, '0')}-07-01` : `${String(year + 1).padStart(4, '0')}-01-01`;
}

/**
 * The last day of a period of `months` months that starts with an event on `iso` (§ 187 Abs. 1,
 * § 188 Abs. 2 BGB): the day of the later month with the same number as the event day, or the last
 * day of that month when it is shorter (§ 188 Abs. 3 BGB). 2024-03-15 + 2 → 2024-05-15;
 * 2023-12-31 + 2 → 2024-02-29. § 193 BGB (weekends, holidays) does not apply: no declaration or
 * performance falls due on that day, it only separates timely from late use.
 */
export function endOfMonthsPeriod(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** Today in Europe/Berlin as `YYYY-MM-DD` (opening dates and deadlines are German calendar days). */
export function berlinToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(now);
}

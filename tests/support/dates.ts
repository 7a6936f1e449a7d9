/** Today in Hessen as an ISO date: signatures in tests are dated today (never in the future, never before the draft). */
export const TODAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date());
/** Today in German notation (1.12.2026), as a person types it into a date field. */
export const TODAY_GERMAN = (() => {
  const [y, m, d] = TODAY.split('-');
  return `${Number(d)}.${Number(m)}.${y}`;
})();

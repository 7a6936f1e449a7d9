/** Local time in Hessen (Europe/Berlin) ⇄ instants, for the conference's day and times. */

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Minutes Europe/Berlin is ahead of UTC at that instant (60 in winter, 120 in summer). */
function offsetMinutes(instant: Date): number {
  const p = Object.fromEntries(PARTS.formatToParts(instant).map((x) => [x.type, x.value]));
  const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((local - instant.getTime()) / 60_000);
}

/** "2026-06-10" + "09:30" in Europe/Berlin → the instant. */
export function berlinInstant(isoDate: string, time: string): Date {
  const naive = Date.parse(`${isoDate}T${time}:00Z`);
  const first = naive - offsetMinutes(new Date(naive)) * 60_000;
  // A second pass settles the days the clocks change.
  return new Date(naive - offsetMinutes(new Date(first)) * 60_000);
}

/** The instant as Europe/Berlin day (ISO) and clock time "09:30". */
export function berlinParts(instant: Date): { date: string; time: string } {
  const p = Object.fromEntries(PARTS.formatToParts(instant).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** Today in Europe/Berlin, ISO. */
export function berlinToday(now: Date = new Date()): string {
  return berlinParts(now).date;
}

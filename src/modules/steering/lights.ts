import type { Executor } from '../../platform/db/client';
import { entriesOn, type DistrictData, moneyOn, placesOn } from './monitoring';
import { MEASURE_TYPES, type MeasureType, type Threshold, type ThresholdFigure, type TrafficLight } from './monitoring-schema';
import { judge, percentOf } from './traffic-light';

/** The detection key of a figure's scope and threshold: `ausgezahlt:2025-09-30`, `plaetze:ma2:2025-09-30`. */
export const detectionKeyOf = (figure: ThresholdFigure, measureType: MeasureType | null, asOf: string) => (measureType === null ? `${figure}:${asOf}` : `${figure}:ma${measureType}:${asOf}`);

/**
 * The traffic lights of one district on a day, one per active threshold and scope: the money
 * figures for the district in total (the § 4 Haushaltsmittel are the district's), the places per
 * Maßnahmenart with planned places (where the Eckdaten plan them; docs/decisions/0026). A figure is judged as it stood on the as-of date (before it: as it
 * stands today, light `offen`).
 */
export async function computeLights(db: Executor, data: DistrictData, thresholds: readonly Threshold[], today: string): Promise<TrafficLight[]> {
  const lights: TrafficLight[] = [];
  const entriesCache = new Map<string, Map<string, number>>();
  for (const threshold of thresholds.filter((t) => t.active)) {
    const day = today < threshold.asOf ? today : threshold.asOf;
    const scopes: Array<MeasureType | null> = threshold.figure === 'plaetze' ? [...MEASURE_TYPES] : [null];
    for (const measureType of scopes) {
      let value: number;
      let base: number;
      if (threshold.figure === 'plaetze') {
        if (!entriesCache.has(day)) entriesCache.set(day, await entriesOn(db, data.year, data.ags, day));
        const places = placesOn(data, entriesCache.get(day)!, measureType);
        value = places.filled;
        base = places.planned;
      } else {
        const money = moneyOn(data, day, measureType);
        base = threshold.figure === 'bewilligt' ? data.allocationCents : money.approvedCents;
        value = { bewilligt: money.approvedCents, abgerufen: money.requestedCents, ausgezahlt: money.paidCents, verwendet: money.usedCents }[threshold.figure];
      }
      // A Maßnahmenart without planned places has nothing to judge; the total shows "nicht bewertbar".
      if (measureType !== null && base <= 0) continue;
      const { light, shortfall } = judge(threshold, value, base, today);
      lights.push({ figure: threshold.figure, measureType, threshold, light, value, base, percent: percentOf(value, base), shortfall, detectionKey: detectionKeyOf(threshold.figure, measureType, threshold.asOf) });
    }
  }
  return lights;
}

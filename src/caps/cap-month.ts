/** The tenant-zone calendar month an instant falls in, as a UTC half-open range. */
import { localDate, localMidnightUtc } from '../billing/zoned-calendar.ts';

export interface CapMonth {
  /** `YYYY-MM` in the tenant's zone (alert keys, API). */
  key: string;
  /** First instant of the month, UTC ms (inclusive). */
  fromMs: number;
  /** First instant of the next month, UTC ms (exclusive). */
  toMs: number;
}

export function capMonthOf(instantMs: number, zone: string): CapMonth {
  const day = localDate(instantMs, zone);
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const next = month === 12 ? { y: year + 1, m: 1 } : { y: year, m: month + 1 };
  return { key: day.slice(0, 7), fromMs: localMidnightUtc(year, month, 1, zone), toMs: localMidnightUtc(next.y, next.m, 1, zone) };
}

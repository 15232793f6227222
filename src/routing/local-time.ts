/**
 * An instant seen in a tenant's time zone, and what kind of day it is in the Chinese statutory
 * calendar (`chinese-days`): an ordinary day, a statutory holiday (including the weekend days
 * inside a holiday period), or an adjusted working day (调休: a Saturday or Sunday worked in
 * exchange for a holiday).
 */
import chineseDays from 'chinese-days';
import type { WeekdayName } from './number-policy.ts';

export type DayKind = 'ordinary' | 'holiday' | 'adjusted-workday';

export interface LocalTime {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  weekday: WeekdayName;
  /** Minutes after local midnight. */
  minutes: number;
}

const WEEKDAYS: Record<string, WeekdayName> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formats.set(timeZone, f);
  }
  return f;
}

/** The wall-clock date, weekday and minute of `at` in `timeZone` (an IANA name; unknown → Asia/Shanghai). */
export function localTime(at: Date, timeZone: string): LocalTime {
  let f: Intl.DateTimeFormat;
  try {
    f = formatFor(timeZone);
  } catch {
    f = formatFor('Asia/Shanghai');
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(at)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 'mon',
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const dayKinds = new Map<string, DayKind>();

/** What the statutory calendar says about a local date (cached: the calendar is fixed data). */
export function chineseDayKind(date: string, weekday: WeekdayName): DayKind {
  const cached = dayKinds.get(date);
  if (cached) return cached;
  const weekend = weekday === 'sat' || weekday === 'sun';
  let kind: DayKind = 'ordinary';
  try {
    const d = chineseDays.getDayDetail(date);
    // A holiday's name carries its festival ("National Day,国庆节,3"); a plain weekend is "Saturday".
    const inHolidayPeriod = d.name.includes(',');
    if (d.work && weekend) kind = 'adjusted-workday';
    else if (!d.work && (!weekend || inHolidayPeriod)) kind = 'holiday';
  } catch {
    // A year the calendar does not cover yet: treat days as ordinary rather than fail the call.
  }
  if (dayKinds.size > 4000) dayKinds.clear();
  dayKinds.set(date, kind);
  return kind;
}

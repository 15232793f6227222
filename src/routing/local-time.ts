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

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formats.set(timeZone, f);
  }
  return f;
}

/** Offset of a zone from UTC in ms, per zone and UTC hour (zones change offset on hour boundaries). */
const offsets = new Map<string, number>();

function offsetMs(at: Date, timeZone: string): number {
  const hour = Math.floor(at.getTime() / 3_600_000);
  const key = `${timeZone}|${hour}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  let f: Intl.DateTimeFormat;
  try {
    f = formatFor(timeZone);
  } catch {
    f = formatFor('Asia/Shanghai');
  }
  const hourStart = new Date(hour * 3_600_000);
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(hourStart)) parts[p.type] = p.value;
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  const offset = asUtc - hourStart.getTime();
  if (offsets.size > 10_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

const WEEKDAY_BY_INDEX: WeekdayName[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The wall-clock date, weekday and minute of `at` in `timeZone` (an IANA name; unknown → Asia/Shanghai). */
export function localTime(at: Date, timeZone: string): LocalTime {
  const local = new Date(at.getTime() + offsetMs(at, timeZone));
  const y = local.getUTCFullYear();
  const m = String(local.getUTCMonth() + 1).padStart(2, '0');
  const d = String(local.getUTCDate()).padStart(2, '0');
  return { date: `${y}-${m}-${d}`, weekday: WEEKDAY_BY_INDEX[local.getUTCDay()] ?? 'mon', minutes: local.getUTCHours() * 60 + local.getUTCMinutes() };
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

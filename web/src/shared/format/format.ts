/**
 * The API speaks UTC instants and money in li (0.001 CNY); people read the tenant's wall clock and
 * yuan. These pure functions do the conversion for one locale and one IANA zone.
 */
import type { Locale } from '../i18n/index.ts';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const LI_PER_YUAN = 1000;

export interface Formatters {
  timeZone: string;
  /** ¥1,234.50 — two decimals, a third only when a charge has one. */
  money(li: number): string;
  /** 2026-12-07 09:05:03 in the zone. */
  dateTime(iso: string | Date): string;
  /** 2026-12-07 in the zone. */
  date(iso: string | Date): string;
  /** 1:02:03 / 2:03 */
  duration(seconds: number): string;
  percent(ratio: number): string;
}

export function liToYuan(li: number): number {
  return li / LI_PER_YUAN;
}

/** The parts of an instant's wall clock in a zone (YYYY, MM, DD, hh, mm, ss). */
export function wallClock(at: Date, timeZone: string): { year: string; month: string; day: string; hour: string; minute: string; second: string } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** The UTC instant at which a wall-clock time in `timeZone` happens (DST-safe to the hour). */
export function zonedInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const w = wallClock(new Date(guess), timeZone);
  const shown = Date.UTC(Number(w.year), Number(w.month) - 1, Number(w.day), Number(w.hour), Number(w.minute));
  return new Date(guess - (shown - guess));
}

/** Midnight today in the zone, as a UTC instant. */
export function startOfZonedDay(at: Date, timeZone: string): Date {
  const w = wallClock(at, timeZone);
  return zonedInstant(Number(w.year), Number(w.month), Number(w.day), 0, 0, timeZone);
}

export function formatters(locale: Locale, timeZone: string = DEFAULT_TIME_ZONE): Formatters {
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', minimumFractionDigits: 2, maximumFractionDigits: 3 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const toDate = (v: string | Date) => (typeof v === 'string' ? new Date(v) : v);
  return {
    timeZone,
    money: (li) => money.format(liToYuan(li)),
    dateTime: (v) => {
      const w = wallClock(toDate(v), timeZone);
      return `${w.year}-${w.month}-${w.day} ${w.hour}:${w.minute}:${w.second}`;
    },
    date: (v) => {
      const w = wallClock(toDate(v), timeZone);
      return `${w.year}-${w.month}-${w.day}`;
    },
    duration: (s) => {
      const h = Math.floor(s / 3600);
      const m = Math.floor((s % 3600) / 60);
      const sec = String(Math.floor(s % 60)).padStart(2, '0');
      return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
    },
    percent: (r) => pct.format(r),
  };
}

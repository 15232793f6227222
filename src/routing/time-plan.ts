/**
 * R3: is the number open right now, and with which group? Windows are weekdays plus `HH:MM`
 * ranges in the tenant's zone. With the Chinese calendar on (the default), a statutory holiday
 * matches only windows that list `holiday` (none: the closed plan), and an adjusted working day
 * (调休 Saturday/Sunday) matches the windows of `adjustedWorkdayAs` (Monday unless set).
 */
import type { NumberPolicy, WeekdayName } from './number-policy.ts';
import { minutesOf } from './number-policy.ts';
import type { LocalTime } from './local-time.ts';
import { chineseDayKind } from './local-time.ts';

export type ScheduleVerdict =
  | { kind: 'open'; group?: string; window: number }
  | { kind: 'closed'; dayKind: 'holiday' | 'outside-hours' };

type Schedule = NonNullable<NumberPolicy['schedule']>;

export function scheduleVerdict(schedule: Schedule, now: LocalTime): ScheduleVerdict {
  const dayKind = schedule.holidays === 'none' ? 'ordinary' : chineseDayKind(now.date, now.weekday);
  const day: WeekdayName | 'holiday' = dayKind === 'holiday' ? 'holiday' : dayKind === 'adjusted-workday' ? (schedule.adjustedWorkdayAs ?? 'mon') : now.weekday;
  for (let i = 0; i < schedule.windows.length; i++) {
    const w = schedule.windows[i];
    if (!w || !w.days.includes(day)) continue;
    // Half-open [from, to): 09:00–18:00 takes 09:00 but not 18:00.
    if (now.minutes >= minutesOf(w.from) && now.minutes < minutesOf(w.to)) return w.group === undefined ? { kind: 'open', window: i } : { kind: 'open', group: w.group, window: i };
  }
  return { kind: 'closed', dayKind: day === 'holiday' ? 'holiday' : 'outside-hours' };
}

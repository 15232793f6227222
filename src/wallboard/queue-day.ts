/**
 * One queue's counters for one calendar day, and the last 30 minutes of arrivals and handle times
 * the staffing hint reads. Pure: fed by wallboard-figures.ts, read as QueueDayFigures.
 */
import type { QueueFigures } from '../acd/acd-engine.ts';
import { staffingFor } from '../quality/erlang-c.ts';
import type { QueueDayFigures, StaffingHint } from './wallboard-events.ts';
import type { WallboardSettings } from './wallboard-settings.ts';

/** The staffing hint's window: arrivals and handle times of the last 30 minutes (issue 15). */
export const STAFFING_WINDOW_MS = 30 * 60_000;
/** A window shorter than this (just after a start) is stretched to it, so two calls in 5 s do not read as 720 an hour. */
const MIN_WINDOW_MS = 60_000;

export class QueueDay {
  offered = 0;
  answered = 0;
  answeredInTarget = 0;
  abandoned = 0;
  overflowed = 0;
  private waitSeconds = 0;
  private talkSeconds = 0;
  private talked = 0;
  /** Arrival instants (ms) and handled calls ({ at, seconds }) within the window, oldest first. */
  private arrivals: number[] = [];
  private handles: { at: number; seconds: number }[] = [];

  constructor(readonly day: string) {}

  /** A new day: the counters start again, the window goes on (it spans midnight). */
  nextDay(day: string): QueueDay {
    const next = new QueueDay(day);
    next.arrivals = this.arrivals;
    next.handles = this.handles;
    return next;
  }

  arrived(at: number): void {
    this.arrivals.push(at);
  }

  answeredAfter(waitedSeconds: number, targetSeconds: number): void {
    this.offered++;
    this.answered++;
    if (waitedSeconds <= targetSeconds) this.answeredInTarget++;
    this.waitSeconds += waitedSeconds;
  }

  left(how: 'abandoned' | 'overflowed'): void {
    this.offered++;
    this[how]++;
  }

  /** An agent finished a call of this queue: talk time, and handle time (talk + wrap-up) for the window. */
  handled(at: number, talkSeconds: number, handleSeconds: number): void {
    this.talkSeconds += talkSeconds;
    this.talked++;
    this.handles.push({ at, seconds: handleSeconds });
  }

  figures(q: QueueFigures, s: WallboardSettings, now: number, watchingSince: number): QueueDayFigures {
    return {
      queueId: q.queueId,
      name: q.name,
      day: this.day,
      offered: this.offered,
      answered: this.answered,
      answeredInTarget: this.answeredInTarget,
      abandoned: this.abandoned,
      overflowed: this.overflowed,
      serviceLevel: this.offered === 0 ? null : this.answeredInTarget / this.offered,
      averageWaitSeconds: this.answered === 0 ? null : round1(this.waitSeconds / this.answered),
      averageTalkSeconds: this.talked === 0 ? null : round1(this.talkSeconds / this.talked),
      agentsReady: q.agents.ready,
      agentsLoggedIn: Object.entries(q.agents).reduce((n, [state, count]) => (state === 'logged_out' ? n : n + count), 0),
      staffing: this.staffing(s, now, watchingSince),
    };
  }

  /** Erlang C over the window; null when there were arrivals but no handled call to take a handle time from. */
  private staffing(s: WallboardSettings, now: number, watchingSince: number): StaffingHint | null {
    const from = now - STAFFING_WINDOW_MS;
    this.arrivals = this.arrivals.filter((t) => t > from);
    this.handles = this.handles.filter((h) => h.at > from);
    const windowMs = Math.max(MIN_WINDOW_MS, Math.min(STAFFING_WINDOW_MS, now - watchingSince));
    const arrivals = this.arrivals.length;
    const handleSeconds = this.handles.length === 0 ? 0 : this.handles.reduce((sum, h) => sum + h.seconds, 0) / this.handles.length;
    if (arrivals > 0 && this.handles.length === 0) return null;
    const windowSeconds = Math.round(windowMs / 1000);
    const st = staffingFor({ calls: arrivals, intervalSeconds: windowSeconds, handleSeconds }, { serviceLevel: s.serviceLevelGoalPercent / 100, targetSeconds: s.targetSeconds });
    return { arrivals, windowSeconds, handleSeconds: round1(handleSeconds), erlangs: Math.round(st.erlangs * 100) / 100, agentsNeeded: st.agents, serviceLevel: st.serviceLevel };
  }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

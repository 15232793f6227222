/**
 * The wallboard's own events (C17): today's figures of a queue, an agent's calls today, and a
 * threshold crossed. Published on the bus by the wallboard's figures (wallboard-figures.ts), so the
 * page follows them on the event feed without polling; each carries absolute values, so the latest
 * one (by seq) is the truth and a missed one is made good by the next or by GET /api/v1/wallboard.
 * Shapes documented in docs/events.md.
 */

/** Erlang C over the last 30 minutes: how many agents the queue needs now to meet its service level. */
export interface StaffingHint {
  /** Calls that entered the queue in the window. */
  arrivals: number;
  windowSeconds: number;
  /** Average handle time (talk + wrap-up) of the calls handled in the window, seconds. */
  handleSeconds: number;
  erlangs: number;
  /** The fewest agents that meet the tenant's goal. */
  agentsNeeded: number;
  /** The service level that many agents give (0..1). */
  serviceLevel: number;
}

export interface QueueDayFigures {
  queueId: string;
  name: string;
  /** The tenant's calendar day (YYYY-MM-DD) the counters are for. */
  day: string;
  /** Calls that left the queue today: answered, abandoned, overflowed. */
  offered: number;
  answered: number;
  /** Answered within the tenant's target seconds. */
  answeredInTarget: number;
  abandoned: number;
  overflowed: number;
  /** answeredInTarget ÷ offered; null before the first call of the day left the queue. */
  serviceLevel: number | null;
  /** Over answered calls, seconds; null when none. */
  averageWaitSeconds: number | null;
  /** Over calls of the queue an agent finished talking today, seconds; null when none. */
  averageTalkSeconds: number | null;
  /** Member agents ready now, and logged in (any state but logged out). */
  agentsReady: number;
  agentsLoggedIn: number;
  /** null: no arrivals or no handled call in the window to compute from. */
  staffing: StaffingHint | null;
}

export interface WallboardQueueFigures {
  type: 'wallboard.queue';
  tenantId: string;
  figures: QueueDayFigures;
}

export interface WallboardAgentFigures {
  type: 'wallboard.agent';
  tenantId: string;
  userId: string;
  day: string;
  /** Queue calls the agent answered today. */
  callsToday: number;
  talkSecondsToday: number;
}

export type WallboardAlertKind = 'longest_wait' | 'service_level';

export interface WallboardAlert {
  type: 'wallboard.alert';
  tenantId: string;
  queueId: string;
  queueName: string;
  kind: WallboardAlertKind;
  /** true: the threshold was crossed; false: the figure is back within it. */
  raised: boolean;
  /** The figure (seconds waited, or the service level in %) and the tenant's threshold. */
  value: number;
  threshold: number;
}

export type WallboardEvent = WallboardQueueFigures | WallboardAgentFigures | WallboardAlert;
export type WallboardEventType = WallboardEvent['type'];

export const WALLBOARD_EVENT_TYPES: readonly WallboardEventType[] = ['wallboard.queue', 'wallboard.agent', 'wallboard.alert'];

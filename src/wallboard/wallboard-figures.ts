/**
 * The wallboard's server side (C17): a bus subscriber that keeps, per tenant, each queue's figures
 * for the tenant's calendar day (service level within the target seconds, abandoned, average wait
 * and talk), each agent's calls today, and the staffing hint (Erlang C over the last 30 minutes'
 * arrivals and handle times, beside the agents ready). It publishes them back on the bus as
 * `wallboard.*` events whenever they change — coalesced, and only what changed — so the page
 * follows them on the event feed with no polling; and it raises (and clears) `wallboard.alert`
 * when a threshold of the tenant is crossed.
 *
 * Typed structurally against the bus and live state (src/events imports this module's event types,
 * so this module must not import src/events).
 */
import type { AcdEvent, AgentStateChanged } from '../acd/acd-events.ts';
import type { AgentState } from '../acd/agent-state.ts';
import type { QueueFigures } from '../acd/acd-engine.ts';
import { localDate, localMidnightUtc } from '../billing/zoned-calendar.ts';
import type { QueueCallRecord } from './queue-call-records.ts';
import { QueueDay } from './queue-day.ts';
import type { QueueDayFigures, WallboardAlertKind, WallboardEvent } from './wallboard-events.ts';
import { DEFAULT_WALLBOARD_SETTINGS, type WallboardSettings } from './wallboard-settings.ts';

interface BusEvent {
  tenant: string;
  data: { type: string; tenantId: string };
}

export interface WallboardBus {
  subscribe(name: string, deliver: (e: BusEvent) => void): () => void;
  publish(e: WallboardEvent): void;
}

export interface WallboardFiguresOptions {
  bus: WallboardBus;
  /** The queues with their member agents by state (the ACD engine's queueFigures). */
  queues(tenantId: string): QueueFigures[];
  /** Calls waiting now, per queue (live state). */
  waiting(tenantId: string): { queueId: string; waiting: { enteredAt: string }[] }[];
  /** The tenant's settings and time zone (read once per tenant, again after a change). */
  tenant(tenantId: string): Promise<{ settings: WallboardSettings; timeZone: string }>;
  /** The tenant's queue calls from the call records since an instant: the day's figures at start. */
  queueCallsSince?(tenantId: string, sinceMs: number): Promise<QueueCallRecord[]>;
  now(): number;
  /** How long changes are gathered before the figures go out (default 200 ms). */
  flushMs?: number;
  /** Threshold checks, day rollover and the sliding staffing window (default 1000 ms). */
  tickMs?: number;
  onError?(err: unknown): void;
}

export interface AgentDay {
  userId: string;
  callsToday: number;
  talkSecondsToday: number;
}

export interface ActiveAlert {
  queueId: string;
  kind: WallboardAlertKind;
  value: number;
  threshold: number;
}

/** What GET /api/v1/wallboard answers (besides names the route adds). */
export interface WallboardView {
  settings: WallboardSettings;
  day: string;
  queues: QueueDayFigures[];
  agents: AgentDay[];
  alerts: ActiveAlert[];
}

/** A call an agent took from a queue, from talking until they are free again (talk + wrap-up = handle time). */
interface Handling {
  queueId: string;
  startedAt: number;
  talkEndedAt?: number;
}

const ON_A_CALL: ReadonlySet<AgentState> = new Set(['talking', 'held', 'wrap_up']);
/** How often the sliding window is looked at again without any event (the hint drifts as calls age out). */
const STAFFING_REFRESH_MS = 15_000;

class TenantBoard {
  settings: WallboardSettings = { ...DEFAULT_WALLBOARD_SETTINGS };
  timeZone = 'Asia/Shanghai';
  day: string;
  readonly queues = new Map<string, QueueDay>();
  readonly agents = new Map<string, AgentDay>();
  readonly handling = new Map<string, Handling>();
  /** What was last published, to publish only changes. */
  readonly published = new Map<string, string>();
  readonly alerts = new Map<string, ActiveAlert>();
  readonly dirtyAgents = new Set<string>();
  dirty = true;

  constructor(
    readonly tenantId: string,
    readonly watchingSince: number,
  ) {
    this.day = localDate(watchingSince, this.timeZone);
  }

  queue(queueId: string): QueueDay {
    let q = this.queues.get(queueId);
    if (!q) this.queues.set(queueId, (q = new QueueDay(this.day)));
    return q;
  }

  agent(userId: string): AgentDay {
    let a = this.agents.get(userId);
    if (!a) this.agents.set(userId, (a = { userId, callsToday: 0, talkSecondsToday: 0 }));
    this.dirtyAgents.add(userId);
    return a;
  }
}

export class WallboardFigures implements Omit<WallboardPort, 'view'> {
  private readonly boards = new Map<string, TenantBoard>();
  private readonly unsubscribe: () => void;
  private readonly flushTimer: NodeJS.Timeout;
  private readonly tickTimer: NodeJS.Timeout;
  private lastStaffingRefresh: number;

  constructor(private readonly opts: WallboardFiguresOptions) {
    this.unsubscribe = opts.bus.subscribe('wallboard', (e) => this.apply(e));
    this.flushTimer = setInterval(() => this.guard(() => this.flush()), opts.flushMs ?? 200).unref();
    this.tickTimer = setInterval(() => this.guard(() => this.tick()), opts.tickMs ?? 1000).unref();
    this.lastStaffingRefresh = opts.now();
  }

  stop(): void {
    this.unsubscribe();
    clearInterval(this.flushTimer);
    clearInterval(this.tickTimer);
  }

  /** The tenant's figures now (GET /api/v1/wallboard; the page starts from it and follows the events). */
  view(tenantId: string): WallboardView {
    const b = this.board(tenantId);
    this.rollDay(b);
    const queues = this.opts.queues(tenantId).map((q) => b.queue(q.queueId).figures(q, b.settings, this.opts.now(), b.watchingSince));
    return { settings: b.settings, day: b.day, queues, agents: [...b.agents.values()], alerts: [...b.alerts.values()] };
  }

  /** The tenant's settings changed: use them from now on (and send the figures that depend on them). */
  useSettings(tenantId: string, settings: WallboardSettings): void {
    const b = this.board(tenantId);
    b.settings = settings;
    b.dirty = true;
  }

  /**
   * At start: reads the tenants' settings and zones ahead, so their first calls count with them, and
   * starts each one's day from today's call records (a restart keeps the day's figures). Awaited
   * before any call can arrive — a record read here is never also counted from its events.
   */
  async preload(tenantIds: Iterable<string>): Promise<void> {
    const boards = [...tenantIds].filter((t) => !this.boards.has(t)).map((t) => new TenantBoard(t, this.opts.now()));
    for (const b of boards) this.boards.set(b.tenantId, b);
    await Promise.all(boards.map(async (b) => {
      await this.load(b);
      await this.seedDay(b);
    }));
  }

  /** Today's figures (in the tenant's zone) from the call records that went through a queue. */
  private async seedDay(b: TenantBoard): Promise<void> {
    if (!this.opts.queueCallsSince) return;
    b.day = localDate(this.opts.now(), b.timeZone);
    const [y, m, d] = b.day.split('-').map(Number) as [number, number, number];
    for (const r of await this.opts.queueCallsSince(b.tenantId, localMidnightUtc(y, m, d, b.timeZone))) {
      const q = b.queue(r.queueId);
      q.arrived(r.startedAt);
      if (r.agentUserId) {
        q.answeredAfter(Math.round((r.waitMs ?? 0) / 1000), b.settings.targetSeconds);
        const agent = b.agent(r.agentUserId);
        agent.callsToday++;
        if (r.endedAt !== null) {
          // The record knows the talk, not the wrap-up after it: the handle time is the talk.
          q.handled(r.endedAt, r.talkSeconds, r.talkSeconds);
          agent.talkSecondsToday += r.talkSeconds;
        }
      } else if (r.abandoned) q.left('abandoned');
      else if (r.endedAt !== null && !r.interrupted) q.left('overflowed');
    }
    b.dirty = true;
  }

  private async load(b: TenantBoard): Promise<void> {
    const t = await this.opts.tenant(b.tenantId);
    b.settings = t.settings;
    b.timeZone = t.timeZone;
    b.dirty = true;
  }

  private board(tenantId: string): TenantBoard {
    let b = this.boards.get(tenantId);
    if (!b) {
      b = new TenantBoard(tenantId, this.opts.now());
      this.boards.set(tenantId, b);
      this.load(b).catch((err: unknown) => this.opts.onError?.(err));
    }
    return b;
  }

  private guard(f: () => void): void {
    try {
      f();
    } catch (err) {
      this.opts.onError?.(err);
    }
  }

  private apply(e: BusEvent): void {
    const d = e.data;
    if (!d.type.startsWith('queue.') && d.type !== 'agent.state_changed') return;
    const ev = d as AcdEvent;
    const b = this.board(e.tenant);
    this.rollDay(b);
    const now = this.opts.now();
    switch (ev.type) {
      case 'queue.entered':
        b.queue(ev.queueId).arrived(now);
        break;
      case 'queue.answered':
        b.queue(ev.queueId).answeredAfter(ev.waitedSeconds, b.settings.targetSeconds);
        b.agent(ev.userId).callsToday++;
        break;
      case 'queue.abandoned':
        b.queue(ev.queueId).left('abandoned');
        break;
      case 'queue.overflowed':
        b.queue(ev.queueId).left('overflowed');
        break;
      case 'agent.state_changed':
        this.agentChanged(b, ev);
        break;
      default:
        return;
    }
    b.dirty = true;
  }

  /** Talk and handle time from the agent's states: talking (from an offer) … wrap-up … free again. */
  private agentChanged(b: TenantBoard, e: AgentStateChanged): void {
    const at = Date.parse(e.at);
    const current = b.handling.get(e.userId);
    if (e.state === 'talking' && !current && e.queueId) {
      b.handling.set(e.userId, { queueId: e.queueId, startedAt: at });
      return;
    }
    if (!current) return;
    if (e.state === 'wrap_up') current.talkEndedAt ??= at;
    if (ON_A_CALL.has(e.state)) return;
    b.handling.delete(e.userId);
    const talkSeconds = Math.max(0, ((current.talkEndedAt ?? at) - current.startedAt) / 1000);
    const handleSeconds = Math.max(0, (at - current.startedAt) / 1000);
    b.queue(current.queueId).handled(at, talkSeconds, handleSeconds);
    b.agent(e.userId).talkSecondsToday += Math.round(talkSeconds);
  }

  /** Midnight in the tenant's zone: the day's counters start again. */
  private rollDay(b: TenantBoard): void {
    const day = localDate(this.opts.now(), b.timeZone);
    if (day === b.day) return;
    b.day = day;
    for (const [id, q] of b.queues) b.queues.set(id, q.nextDay(day));
    for (const a of b.agents.values()) {
      a.callsToday = 0;
      a.talkSecondsToday = 0;
      b.dirtyAgents.add(a.userId);
    }
    b.dirty = true;
  }

  private flush(): void {
    const now = this.opts.now();
    for (const b of this.boards.values()) {
      if (!b.dirty) continue;
      b.dirty = false;
      for (const q of this.opts.queues(b.tenantId)) {
        const figures = b.queue(q.queueId).figures(q, b.settings, now, b.watchingSince);
        this.publishIfChanged(b, `q:${q.queueId}`, { type: 'wallboard.queue', tenantId: b.tenantId, figures });
        const threshold = b.settings.serviceLevelAlertPercent;
        const percent = figures.serviceLevel === null ? null : Math.round(figures.serviceLevel * 1000) / 10;
        this.alert(b, q, 'service_level', percent !== null && threshold !== null && percent < threshold, percent ?? 100, threshold);
      }
      for (const userId of b.dirtyAgents) {
        const a = b.agents.get(userId);
        if (a) this.publishIfChanged(b, `a:${userId}`, { type: 'wallboard.agent', tenantId: b.tenantId, day: b.day, ...a });
      }
      b.dirtyAgents.clear();
    }
  }

  private publishIfChanged(b: TenantBoard, key: string, e: WallboardEvent): void {
    const json = JSON.stringify(e);
    if (b.published.get(key) === json) return;
    b.published.set(key, json);
    this.opts.bus.publish(e);
  }

  /** Raises or clears one alert of a queue; an event only when that changes. */
  private alert(b: TenantBoard, q: { queueId: string; name: string }, kind: WallboardAlertKind, over: boolean, value: number, threshold: number | null): void {
    const key = `${q.queueId}:${kind}`;
    const active = b.alerts.get(key);
    if (over && !active && threshold !== null) {
      b.alerts.set(key, { queueId: q.queueId, kind, value, threshold });
      this.opts.bus.publish({ type: 'wallboard.alert', tenantId: b.tenantId, queueId: q.queueId, queueName: q.name, kind, raised: true, value, threshold });
    } else if (!over && active) {
      b.alerts.delete(key);
      this.opts.bus.publish({ type: 'wallboard.alert', tenantId: b.tenantId, queueId: q.queueId, queueName: q.name, kind, raised: false, value, threshold: active.threshold });
    }
  }

  private tick(): void {
    const now = this.opts.now();
    const refreshStaffing = now - this.lastStaffingRefresh >= STAFFING_REFRESH_MS;
    if (refreshStaffing) this.lastStaffingRefresh = now;
    for (const b of this.boards.values()) {
      this.rollDay(b);
      if (refreshStaffing) b.dirty = true;
      const threshold = b.settings.longestWaitAlertSeconds;
      const waiting = new Map(this.opts.waiting(b.tenantId).map((q) => [q.queueId, q.waiting]));
      for (const q of this.opts.queues(b.tenantId)) {
        const oldest = waiting.get(q.queueId)?.[0];
        const waited = oldest ? Math.floor((now - Date.parse(oldest.enteredAt)) / 1000) : 0;
        this.alert(b, q, 'longest_wait', threshold !== null && waited > threshold, waited, threshold);
      }
    }
  }
}

/** What the API reaches (ApiContext.wallboard): the figures now with the feed position they cover, and settings changes. */
export interface WallboardPort {
  /** The tenant's figures, and the event feed's stream and the tenant's last seq they include. */
  view(tenantId: string): WallboardView & { stream: string; seq: number };
  /** The tenant's settings changed (PUT /wallboard/settings). */
  useSettings(tenantId: string, settings: WallboardSettings): void;
}

/**
 * C34: the service figures the operator promises (seed 003: answer rate > 99 %, drop rate < 0.1 %,
 * one-hour calls' drop rate < 3 %, connect time < 7 s), computed from closed call records — per day
 * in the tenant's zone, per queue, and in total; across tenants for the operator.
 *
 * Definitions (docs/reports.md):
 * - offered: closed calls the platform tried to put through — every outcome but the policy refusals
 *   (blocked, closed by a time plan, over a cap, no balance), which are the enterprise's choice;
 * - answered: a phone answered (`answered_at` set, also for calls a crash interrupted after it);
 * - abandoned: the caller hung up before anyone answered (`cancelled`);
 * - service level: answered within `targetSeconds` of arrival, over offered;
 * - dropped: answered calls the platform ended or lost (ended by the platform — RTP timeout, a cap —
 *   or interrupted by a crash) rather than a person hanging up; one-hour calls: answered calls that
 *   talked an hour or more;
 * - connect time: arrival to the first phone being rung (the platform's own setup, pre-dial flow
 *   included); average speed of answer: arrival to answer.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { localDate } from '../billing/zoned-calendar.ts';
import { callRecordTables } from '../cdr/call-record-store.ts';
import { toDbTimestamp } from '../db/conventions.ts';

/** The seed's promises (seed 003, 天潤托管服務標準). */
export const SERVICE_PROMISES = { answerRate: 0.99, dropRate: 0.001, longCallDropRate: 0.03, connectSeconds: 7 } as const;

export const DEFAULT_SERVICE_TARGET_SECONDS = 20;
const ONE_HOUR = 3600;
const REFUSED = ['blocked', 'closed', 'over_cap', 'no_balance'];

/**
 * What "queue" means in the per-queue figures: the ACD queue the call waited in (`queue_id`), and
 * for a call that reached no queue (rang bound phones directly) its 400 number.
 */
const QUEUE_OF_CALL = sql<string>`coalesce(r.queue_id, r.number_400)`;

export interface ServiceFigures {
  offered: number;
  answered: number;
  abandoned: number;
  answeredWithinTarget: number;
  dropped: number;
  longCalls: number;
  longCallsDropped: number;
  /** Ratios 0..1; null when nothing was offered (or answered, for the drop rates). */
  answerRate: number | null;
  abandonmentRate: number | null;
  serviceLevel: number | null;
  dropRate: number | null;
  longCallDropRate: number | null;
  /** Seconds, one decimal; null without answered calls / calls that rang a phone. */
  averageSpeedOfAnswerSeconds: number | null;
  averageConnectSeconds: number | null;
}

export interface ServiceFiguresReport {
  from: string;
  to: string;
  timeZone: string;
  targetSeconds: number;
  total: ServiceFigures;
  days: Array<{ date: string } & ServiceFigures>;
  queues: Array<{ queue: string } & ServiceFigures>;
}

interface CallRow {
  tenant_id: string;
  queue: string;
  started_at: string;
  answered_at: string | null;
  outcome: string | null;
  ended_by: string | null;
  talk_seconds: number;
  first_leg_at: string | null;
}

/** Running sums of one bucket. */
class Tally {
  offered = 0;
  answered = 0;
  abandoned = 0;
  withinTarget = 0;
  dropped = 0;
  longCalls = 0;
  longDropped = 0;
  answerMs = 0;
  connected = 0;
  connectMs = 0;

  add(r: CallRow, targetMs: number): void {
    const start = Date.parse(r.started_at);
    this.offered++;
    if (r.outcome === 'cancelled') this.abandoned++;
    if (r.first_leg_at !== null) {
      this.connected++;
      this.connectMs += Math.max(0, Date.parse(r.first_leg_at) - start);
    }
    if (r.answered_at === null) return;
    const wait = Math.max(0, Date.parse(r.answered_at) - start);
    this.answered++;
    this.answerMs += wait;
    if (wait <= targetMs) this.withinTarget++;
    const dropped = r.outcome === 'interrupted' || r.ended_by === 'platform';
    if (dropped) this.dropped++;
    if (Number(r.talk_seconds) >= ONE_HOUR) {
      this.longCalls++;
      if (dropped) this.longDropped++;
    }
  }

  figures(): ServiceFigures {
    const ratio = (n: number, d: number) => (d === 0 ? null : n / d);
    const seconds = (ms: number, n: number) => (n === 0 ? null : Math.round(ms / n / 100) / 10);
    return {
      offered: this.offered,
      answered: this.answered,
      abandoned: this.abandoned,
      answeredWithinTarget: this.withinTarget,
      dropped: this.dropped,
      longCalls: this.longCalls,
      longCallsDropped: this.longDropped,
      answerRate: ratio(this.answered, this.offered),
      abandonmentRate: ratio(this.abandoned, this.offered),
      serviceLevel: ratio(this.withinTarget, this.offered),
      dropRate: ratio(this.dropped, this.answered),
      longCallDropRate: ratio(this.longDropped, this.longCalls),
      averageSpeedOfAnswerSeconds: seconds(this.answerMs, this.answered),
      averageConnectSeconds: seconds(this.connectMs, this.connected),
    };
  }
}

class Buckets {
  private readonly map = new Map<string, Tally>();
  at(key: string): Tally {
    let t = this.map.get(key);
    if (!t) this.map.set(key, (t = new Tally()));
    return t;
  }
  sorted(): Array<[string, ServiceFigures]> {
    return [...this.map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, t]) => [k, t.figures()]);
  }
}

export interface ServiceFiguresQuery {
  /** One tenant, or null for every tenant (the operator). */
  tenantId: string | null;
  from: Date;
  to: Date;
  /** The zone whose calendar days the figures are split by. */
  timeZone: string;
  targetSeconds?: number;
}

async function closedCalls(db: Kysely<object>, q: ServiceFiguresQuery): Promise<CallRow[]> {
  let query = callRecordTables(db)
    .selectFrom('call_records as r')
    .select([
      'r.tenant_id',
      QUEUE_OF_CALL.as('queue'),
      'r.started_at',
      'r.answered_at',
      'r.outcome',
      'r.ended_by',
      'r.talk_seconds',
      sql<string | null>`(select min(l.started_at) from call_legs l where l.call_id = r.id)`.as('first_leg_at'),
    ])
    .where('r.started_at', '>=', toDbTimestamp(q.from))
    .where('r.started_at', '<', toDbTimestamp(q.to))
    .where('r.outcome', 'is not', null)
    .where('r.outcome', 'not in', REFUSED);
  if (q.tenantId !== null) query = query.where('r.tenant_id', '=', q.tenantId);
  return (await query.execute()) as CallRow[];
}

/** The figures of a period for one tenant (or all), in total, per day and per queue. */
export async function serviceFigures(db: Kysely<object>, q: ServiceFiguresQuery): Promise<ServiceFiguresReport & { tenants: Array<{ tenantId: string } & ServiceFigures> }> {
  const targetSeconds = q.targetSeconds ?? DEFAULT_SERVICE_TARGET_SECONDS;
  const targetMs = targetSeconds * 1000;
  const total = new Tally();
  const days = new Buckets();
  const queues = new Buckets();
  const tenants = new Buckets();
  for (const r of await closedCalls(db, q)) {
    total.add(r, targetMs);
    days.at(localDate(Date.parse(r.started_at), q.timeZone)).add(r, targetMs);
    queues.at(r.queue).add(r, targetMs);
    tenants.at(r.tenant_id).add(r, targetMs);
  }
  return {
    from: toDbTimestamp(q.from),
    to: toDbTimestamp(q.to),
    timeZone: q.timeZone,
    targetSeconds,
    total: total.figures(),
    days: days.sorted().map(([date, f]) => ({ date, ...f })),
    queues: queues.sorted().map(([queue, f]) => ({ queue, ...f })),
    tenants: tenants.sorted().map(([tenantId, f]) => ({ tenantId, ...f })),
  };
}

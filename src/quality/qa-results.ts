/**
 * Quality results (C19): average score, reviews, fatal errors and disputes of scored reviews — per
 * agent, per group (the queue the call came through, or its 400 number) and per day in the tenant's
 * zone — over a period of call dates.
 */
import type { Kysely } from 'kysely';
import { localDate } from '../billing/zoned-calendar.ts';
import { toDbTimestamp } from '../db/conventions.ts';
import type { UsersTables } from '../users/user-tables.ts';
import type { QaTables } from './qa-tables.ts';

export interface ResultFigures {
  reviews: number;
  averageScore: number | null;
  fatal: number;
  disputed: number;
}

export interface QaResults {
  total: ResultFigures;
  agents: Array<{ agentUserId: string | null; answeredBy: string | null; name: string | null } & ResultFigures>;
  groups: Array<{ group: string } & ResultFigures>;
  days: Array<{ date: string } & ResultFigures>;
}

class Sum {
  reviews = 0;
  points = 0;
  fatal = 0;
  disputed = 0;
  add(r: { score: number; fatal: number; dispute_reason: string | null }): void {
    this.reviews++;
    this.points += Number(r.score);
    if (Number(r.fatal) === 1) this.fatal++;
    if (r.dispute_reason !== null) this.disputed++;
  }
  figures(): ResultFigures {
    return { reviews: this.reviews, averageScore: this.reviews === 0 ? null : Math.round((this.points * 10) / this.reviews) / 10, fatal: this.fatal, disputed: this.disputed };
  }
}

function group<K>(map: Map<string, { key: K; sum: Sum }>, id: string, key: K): Sum {
  let g = map.get(id);
  if (!g) map.set(id, (g = { key, sum: new Sum() }));
  return g.sum;
}

export async function qaResults(db: Kysely<object>, tenantId: string, from: Date, to: Date, timeZone: string): Promise<QaResults> {
  const rows = await db
    .withTables<QaTables>()
    .selectFrom('qa_reviews')
    .select(['agent_user_id', 'answered_by', 'queue', 'call_started_at', 'score', 'fatal', 'dispute_reason'])
    .where('tenant_id', '=', tenantId)
    .where('score', 'is not', null)
    .where('call_started_at', '>=', toDbTimestamp(from))
    .where('call_started_at', '<', toDbTimestamp(to))
    .execute();
  const users = await db.withTables<UsersTables>().selectFrom('users').select(['id', 'display_name']).where('tenant_id', '=', tenantId).execute();
  const names = new Map(users.map((u) => [u.id, u.display_name]));
  const total = new Sum();
  const agents = new Map<string, { key: { agentUserId: string | null; answeredBy: string | null }; sum: Sum }>();
  const groups = new Map<string, { key: string; sum: Sum }>();
  const days = new Map<string, { key: string; sum: Sum }>();
  for (const r of rows) {
    const scored = { score: Number(r.score), fatal: r.fatal, dispute_reason: r.dispute_reason };
    total.add(scored);
    group(agents, r.agent_user_id ?? `phone:${r.answered_by ?? ''}`, { agentUserId: r.agent_user_id, answeredBy: r.answered_by }).add(scored);
    group(groups, r.queue, r.queue).add(scored);
    const day = localDate(Date.parse(r.call_started_at), timeZone);
    group(days, day, day).add(scored);
  }
  const sorted = <K>(m: Map<string, { key: K; sum: Sum }>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
  return {
    total: total.figures(),
    agents: sorted(agents).map(({ key, sum }) => ({ ...key, name: key.agentUserId ? (names.get(key.agentUserId) ?? null) : null, ...sum.figures() })),
    groups: sorted(groups).map(({ key, sum }) => ({ group: key, ...sum.figures() })),
    days: sorted(days).map(({ key, sum }) => ({ date: key, ...sum.figures() })),
  };
}

/**
 * Queue memberships: which agents serve which queue, with tier, level and weight, and the agent's
 * routing profile for it (priority among their queues, delay). One row per (queue, agent).
 */
import type { Kysely } from 'kysely';
import { AcdError } from './acd-error.ts';
import { MEMBERSHIP_DEFAULTS, type Membership } from './acd-model.ts';
import type { AcdTables } from './acd-tables.ts';

type Db = Kysely<object>;
type Row = AcdTables['acd_memberships'];
const tables = (db: Db) => db.withTables<AcdTables>();

export type MembershipInput = { queueId: string; userId: string } & Partial<Omit<Membership, 'queueId' | 'userId'>>;

function toMembership(r: Row): Membership {
  return { queueId: r.queue_id, userId: r.user_id, tier: r.tier, level: r.level, weight: r.weight, priority: r.priority, delaySeconds: r.delay_seconds };
}

/** Completes and checks one membership (ranges), naming the field on refusal. */
export function checkMembership(input: MembershipInput, field = 'membership'): Membership {
  const m: Membership = { ...MEMBERSHIP_DEFAULTS, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)), queueId: input.queueId, userId: input.userId };
  const ranges: [keyof Membership, number, number][] = [
    ['tier', 1, 9],
    ['level', 1, 999],
    ['weight', 0, 100],
    ['priority', 1, 9],
    ['delaySeconds', 0, 3600],
  ];
  for (const [k, min, max] of ranges) {
    const v = m[k] as number;
    if (!Number.isInteger(v) || v < min || v > max) throw new AcdError('INVALID_ACD', `${field}.${k}: a whole number from ${min} to ${max}`, { field: `${field}.${k}` });
  }
  return m;
}

export async function listMemberships(db: Db, tenantId: string, filter: { queueId?: string; userId?: string } = {}): Promise<Membership[]> {
  let q = tables(db).selectFrom('acd_memberships').selectAll().where('tenant_id', '=', tenantId);
  if (filter.queueId !== undefined) q = q.where('queue_id', '=', filter.queueId);
  if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
  return (await q.orderBy('queue_id').orderBy('tier').orderBy('level').orderBy('user_id').execute()).map(toMembership);
}

/** Adds or changes one membership (the queue and the agent are checked by the caller). */
export async function putMembership(db: Db, tenantId: string, input: MembershipInput): Promise<Membership> {
  const m = checkMembership(input);
  const row: Row = { tenant_id: tenantId, queue_id: m.queueId, user_id: m.userId, tier: m.tier, level: m.level, weight: m.weight, priority: m.priority, delay_seconds: m.delaySeconds };
  await tables(db).deleteFrom('acd_memberships').where('tenant_id', '=', tenantId).where('queue_id', '=', m.queueId).where('user_id', '=', m.userId).execute();
  await tables(db).insertInto('acd_memberships').values(row).execute();
  return m;
}

export async function deleteMembership(db: Db, tenantId: string, queueId: string, userId: string): Promise<boolean> {
  const res = await tables(db).deleteFrom('acd_memberships').where('tenant_id', '=', tenantId).where('queue_id', '=', queueId).where('user_id', '=', userId).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

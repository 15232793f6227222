/**
 * When a tenant's sampling rules run by themselves (C19): every `everyMinutes` (default 60), over
 * the calls that ended since the start of the tenant's local day of the last run (an hour earlier,
 * for a call whose record closed just after a run at midnight). Runs are idempotent — a call has at
 * most one review and a percentage rule only tops its share up — so the overlap costs nothing, and a
 * platform that was down catches up from its last run. A run is claimed by moving `last_run_at`
 * from the value read (a second process sharing the database skips it).
 */
import type { Kysely } from 'kysely';
import { localDate, localMidnightUtc } from '../billing/zoned-calendar.ts';
import { toDbTimestamp } from '../db/conventions.ts';
import { getTenant } from '../tenants/tenant-store.ts';
import type { QaTables } from './qa-tables.ts';
import { runSampling } from './sampling-rules.ts';
import type { RuleRun } from './sampling-rules.ts';

export const DEFAULT_EVERY_MINUTES = 60;
export const MIN_EVERY_MINUTES = 5;
export const MAX_EVERY_MINUTES = 7 * 24 * 60;
/** How far before the last run's local day a run looks (records that closed just after it). */
const OVERLAP_MS = 60 * 60 * 1000;

export interface SamplingSchedule {
  enabled: boolean;
  everyMinutes: number;
  lastRunAt: string | null;
  /** When the rules run next (null: switched off). */
  nextRunAt: string | null;
}

const tables = (db: Kysely<object>) => db.withTables<QaTables>();

function toSchedule(r: Pick<QaTables['qa_sampling_schedules'], 'enabled' | 'every_minutes' | 'last_run_at'> | undefined, now: Date): SamplingSchedule {
  const enabled = r ? Number(r.enabled) === 1 : true;
  const everyMinutes = r ? Number(r.every_minutes) : DEFAULT_EVERY_MINUTES;
  const lastRunAt = r?.last_run_at ?? null;
  const next = lastRunAt === null ? now.getTime() : Math.max(now.getTime(), Date.parse(lastRunAt) + everyMinutes * 60_000);
  return { enabled, everyMinutes, lastRunAt, nextRunAt: enabled ? toDbTimestamp(new Date(next)) : null };
}

export async function getSchedule(db: Kysely<object>, tenantId: string, now: Date): Promise<SamplingSchedule> {
  return toSchedule(await tables(db).selectFrom('qa_sampling_schedules').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst(), now);
}

/** Switches the schedule on or off and sets how often it runs (checked by the route: MIN..MAX minutes). */
export async function setSchedule(db: Kysely<object>, tenantId: string, input: { enabled: boolean; everyMinutes: number }, now: Date): Promise<SamplingSchedule> {
  const row = { tenant_id: tenantId, enabled: input.enabled ? 1 : 0, every_minutes: input.everyMinutes, last_run_at: null, updated_at: toDbTimestamp(now) };
  await tables(db)
    .insertInto('qa_sampling_schedules')
    .values(row)
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ enabled: row.enabled, every_minutes: row.every_minutes, updated_at: row.updated_at }))
    .execute();
  return getSchedule(db, tenantId, now);
}

/** Tenants with an enabled rule whose schedule is on and due at `now`. */
async function dueTenants(db: Kysely<object>, now: Date): Promise<Array<{ tenantId: string; lastRunAt: string | null; everyMinutes: number }>> {
  const rows = await tables(db)
    .selectFrom('qa_sampling_rules as r')
    .leftJoin('qa_sampling_schedules as s', 's.tenant_id', 'r.tenant_id')
    .select(['r.tenant_id', 's.enabled', 's.every_minutes', 's.last_run_at'])
    .where('r.enabled', '=', 1)
    .distinct()
    .execute();
  return rows
    .map((r) => ({ tenantId: r.tenant_id, ...toSchedule(r.enabled === null ? undefined : { enabled: r.enabled, every_minutes: r.every_minutes!, last_run_at: r.last_run_at }, now) }))
    .filter((s) => s.nextRunAt !== null && Date.parse(s.nextRunAt) <= now.getTime())
    .map((s) => ({ tenantId: s.tenantId, lastRunAt: s.lastRunAt, everyMinutes: s.everyMinutes }));
}

/** Takes the run: true when `last_run_at` still held what was read (no other process ran it meanwhile). */
async function claim(db: Kysely<object>, tenantId: string, lastRunAt: string | null, everyMinutes: number, now: Date): Promise<boolean> {
  const at = toDbTimestamp(now);
  await tables(db)
    .insertInto('qa_sampling_schedules')
    .values({ tenant_id: tenantId, enabled: 1, every_minutes: everyMinutes, last_run_at: null, updated_at: at })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
  const res = await tables(db)
    .updateTable('qa_sampling_schedules')
    .set({ last_run_at: at })
    .where('tenant_id', '=', tenantId)
    .where((eb) => (lastRunAt === null ? eb('last_run_at', 'is', null) : eb('last_run_at', '=', lastRunAt)))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The start of the period a run covers: the tenant's local midnight of the day of the last run (less the overlap). */
async function periodStart(db: Kysely<object>, tenantId: string, lastRunAt: string | null, everyMinutes: number, now: Date): Promise<Date> {
  const zone = (await getTenant(db, tenantId))?.timeZone ?? 'Asia/Shanghai';
  const since = (lastRunAt === null ? now.getTime() - everyMinutes * 60_000 : Date.parse(lastRunAt)) - OVERLAP_MS;
  const [y, m, d] = localDate(since, zone).split('-').map(Number) as [number, number, number];
  return new Date(localMidnightUtc(y, m, d, zone));
}

export interface ScheduledRun {
  tenantId: string;
  from: Date;
  rules: RuleRun[];
}

/** Runs every due tenant's rules once (what the job does each tick). */
export async function runDueSampling(db: Kysely<object>, now: Date, random: () => number = Math.random): Promise<ScheduledRun[]> {
  const runs: ScheduledRun[] = [];
  for (const due of await dueTenants(db, now)) {
    if (!(await claim(db, due.tenantId, due.lastRunAt, due.everyMinutes, now))) continue;
    const from = await periodStart(db, due.tenantId, due.lastRunAt, due.everyMinutes, now);
    runs.push({ tenantId: due.tenantId, from, rules: await runSampling(db, due.tenantId, from, now, now, random) });
  }
  return runs;
}

/** A tenant's queues (settings as one JSON column), behind functions that take the tenant. */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { AcdError } from './acd-error.ts';
import { QUEUE_DEFAULTS, type QueueSettings } from './acd-model.ts';
import type { AcdTables } from './acd-tables.ts';
import { type QueueInput, changedQueueSettings, checkQueueSettings, newQueueSettings } from './queue-input.ts';
import { listSkills } from './skill-store.ts';

type Db = Kysely<object>;
type Row = AcdTables['acd_queues'];
const tables = (db: Db) => db.withTables<AcdTables>();

function toSettings(row: Row): QueueSettings {
  // Defaults first: a setting added after the row was written takes its default.
  return { ...QUEUE_DEFAULTS, ...(JSON.parse(row.settings) as Partial<QueueSettings>), id: row.id, tenantId: row.tenant_id, name: row.name };
}

function settingsJson(s: QueueSettings): string {
  const { id: _id, tenantId: _t, name: _n, ...rest } = s;
  return JSON.stringify(rest);
}

export async function listQueues(db: Db, tenantId: string): Promise<QueueSettings[]> {
  const rows = await tables(db).selectFrom('acd_queues').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();
  return rows.map(toSettings);
}

/** Every tenant's queues (the engine's loader at start). */
export async function allQueues(db: Db): Promise<QueueSettings[]> {
  return (await tables(db).selectFrom('acd_queues').selectAll().orderBy('tenant_id').orderBy('name').execute()).map(toSettings);
}

export async function getQueue(db: Db, tenantId: string, id: string): Promise<QueueSettings | undefined> {
  const row = await tables(db).selectFrom('acd_queues').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row && toSettings(row);
}

async function refs(db: Db, tenantId: string) {
  const queueIds = new Set((await tables(db).selectFrom('acd_queues').select('id').where('tenant_id', '=', tenantId).execute()).map((r) => r.id));
  const skillIds = new Set((await listSkills(db, tenantId)).map((s) => s.id));
  return { queueExists: (id: string) => queueIds.has(id), skillExists: (id: string) => skillIds.has(id) };
}

async function nameFree(db: Db, tenantId: string, name: string, selfId: string): Promise<void> {
  const other = await tables(db).selectFrom('acd_queues').select('id').where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
  if (other && other.id !== selfId) throw new AcdError('NAME_TAKEN', `a queue named ${name} exists`, { field: 'name' });
}

export async function createQueue(db: Db, tenantId: string, input: QueueInput, now: Date, id: string = newId()): Promise<QueueSettings> {
  const s = checkQueueSettings(newQueueSettings(id, tenantId, input), await refs(db, tenantId));
  await nameFree(db, tenantId, s.name, id);
  const at = toDbTimestamp(now);
  await tables(db).insertInto('acd_queues').values({ id, tenant_id: tenantId, name: s.name, settings: settingsJson(s), created_at: at, updated_at: at }).execute();
  return s;
}

export async function updateQueue(db: Db, tenantId: string, id: string, change: Partial<QueueInput>, now: Date): Promise<QueueSettings> {
  const current = await getQueue(db, tenantId, id);
  if (!current) throw new AcdError('QUEUE_NOT_FOUND', 'no such queue');
  const s = checkQueueSettings(changedQueueSettings(current, change), await refs(db, tenantId));
  await nameFree(db, tenantId, s.name, id);
  await tables(db).updateTable('acd_queues').set({ name: s.name, settings: settingsJson(s), updated_at: toDbTimestamp(now) }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  return s;
}

/** Removes the queue and its memberships; refused while another queue overflows to it. */
export async function deleteQueue(db: Db, tenantId: string, id: string): Promise<boolean> {
  const others = await listQueues(db, tenantId);
  const feeding = others.find((q) => q.id !== id && q.overflow.kind === 'queue' && q.overflow.queueId === id);
  if (feeding) throw new AcdError('INVALID_ACD', `queue ${feeding.name} overflows to this queue; change it first`, { field: 'id' });
  await tables(db).deleteFrom('acd_memberships').where('tenant_id', '=', tenantId).where('queue_id', '=', id).execute();
  const res = await tables(db).deleteFrom('acd_queues').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

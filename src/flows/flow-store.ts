/** Pre-dial flows per 400 number. Replaced as a whole; the next call reads the new one. */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { PreparedQuery } from '../db/prepared-query.ts';
import type { NumberFlow } from './flow-schema.ts';
import { validateFlow } from './flow-schema.ts';

export type NumberFlowsTable = {
  number_flows: { id: string; tenant_id: string; number_400: string; flow: string; updated_at: string; updated_by: string | null };
};

type Db = Kysely<object>;
const tables = (db: Db) => db.withTables<NumberFlowsTable>();

export interface StoredFlow {
  flow: NumberFlow;
  updatedAt: string;
  updatedBy: string | null;
}

/** Validates and stores; throws FlowError for a bad flow and changes nothing. `queues`: the tenant's queue ids and names a menu key may name (absent: none). */
export async function setNumberFlow(db: Db, tenantId: string, number400: string, input: unknown, opts: { by?: string; now?: Date; queues?: ReadonlySet<string> } = {}): Promise<StoredFlow> {
  const flow = validateFlow(input, opts.queues);
  const updatedAt = toDbTimestamp(opts.now ?? new Date());
  const json = JSON.stringify(flow);
  const updated = await tables(db)
    .updateTable('number_flows')
    .set({ flow: json, updated_at: updatedAt, updated_by: opts.by ?? null })
    .where('tenant_id', '=', tenantId)
    .where('number_400', '=', number400)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await tables(db).insertInto('number_flows').values({ id: newId(), tenant_id: tenantId, number_400: number400, flow: json, updated_at: updatedAt, updated_by: opts.by ?? null }).execute();
  }
  return { flow, updatedAt, updatedBy: opts.by ?? null };
}

// Read for every call: compiled once.
const flowOf = new PreparedQuery((db, p) =>
  tables(db).selectFrom('number_flows').select(['flow', 'updated_at', 'updated_by']).where('tenant_id', '=', p('tenantId')).where('number_400', '=', p('number400')),
);

export async function getNumberFlow(db: Db, tenantId: string, number400: string): Promise<StoredFlow | undefined> {
  const row = await flowOf.first(db, { tenantId, number400 });
  return row ? { flow: JSON.parse(row.flow) as NumberFlow, updatedAt: row.updated_at, updatedBy: row.updated_by } : undefined;
}

/** True when a flow was removed (calls go straight to the phones again). */
export async function deleteNumberFlow(db: Db, tenantId: string, number400: string): Promise<boolean> {
  const res = await tables(db).deleteFrom('number_flows').where('tenant_id', '=', tenantId).where('number_400', '=', number400).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** Routing policies per 400 number. Replaced as a whole; the next call reads the new one. */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { PreparedQuery } from '../db/prepared-query.ts';
import type { NumberPolicy } from './number-policy.ts';
import { validatePolicy } from './number-policy.ts';
import { forwardingE164 } from './phone-ref.ts';
import { assertDestinationsAllowed } from '../fraud/outbound-store.ts';

export type NumberPoliciesTable = {
  number_policies: {
    id: string;
    tenant_id: string;
    number_400: string;
    policy: string;
    updated_at: string;
    updated_by: string | null;
  };
};

type Db = Kysely<object>;
const tables = (db: Db) => db.withTables<NumberPoliciesTable>();

export interface StoredPolicy {
  policy: NumberPolicy;
  updatedAt: string;
  updatedBy: string | null;
}

/**
 * Validates and stores; throws PolicyError (422) for a bad policy and changes nothing. `queues`:
 * the tenant's queue ids and names a group may name (absent: none).
 */
export async function setNumberPolicy(db: Db, tenantId: string, number400: string, input: unknown, opts: { by?: string; now?: Date; queues?: ReadonlySet<string> } = {}): Promise<StoredPolicy> {
  const policy = validatePolicy(input, opts.queues);
  const forwarding = [...(policy.forwarding?.onBusy ?? []), ...(policy.forwarding?.onNoAnswer ?? [])];
  await assertDestinationsAllowed(db, tenantId, forwarding.map(forwardingE164));
  const updatedAt = toDbTimestamp(opts.now ?? new Date());
  const json = JSON.stringify(policy);
  const updated = await tables(db)
    .updateTable('number_policies')
    .set({ policy: json, updated_at: updatedAt, updated_by: opts.by ?? null })
    .where('tenant_id', '=', tenantId)
    .where('number_400', '=', number400)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await tables(db).insertInto('number_policies').values({ id: newId(), tenant_id: tenantId, number_400: number400, policy: json, updated_at: updatedAt, updated_by: opts.by ?? null }).execute();
  }
  return { policy, updatedAt, updatedBy: opts.by ?? null };
}

/**
 * Parsed policies by their stored text: a policy read per call is parsed once and the same object
 * comes back while the text is unchanged, so what the evaluation derives from it (cleaned
 * blacklists) is derived once. Treat returned policies as immutable.
 */
const parsed = new Map<string, NumberPolicy>();
const MAX_PARSED = 20_000;

function parsePolicy(json: string): NumberPolicy {
  let p = parsed.get(json);
  if (!p) {
    p = JSON.parse(json) as NumberPolicy;
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(json, p);
  }
  return p;
}

// Read for every call: compiled once.
const policyOf = new PreparedQuery((db, p) =>
  tables(db).selectFrom('number_policies').select(['policy', 'updated_at', 'updated_by']).where('tenant_id', '=', p('tenantId')).where('number_400', '=', p('number400')),
);

export async function getNumberPolicy(db: Db, tenantId: string, number400: string): Promise<StoredPolicy | undefined> {
  const row = await policyOf.first(db, { tenantId, number400 });
  return row ? { policy: parsePolicy(row.policy), updatedAt: row.updated_at, updatedBy: row.updated_by } : undefined;
}

/** True when a policy was removed (the number goes back to its bound phones, top-down). */
export async function deleteNumberPolicy(db: Db, tenantId: string, number400: string): Promise<boolean> {
  const res = await tables(db).deleteFrom('number_policies').where('tenant_id', '=', tenantId).where('number_400', '=', number400).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

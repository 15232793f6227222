/**
 * Carrier trunks in the database. Call control does not query this per call: it asks a
 * `TrunkDirectory`, which reloads the list when `trunkChanges` announces a write.
 */
import type { Kysely } from 'kysely';
import { newId, toDbBoolean, toDbTimestamp } from '../db/conventions.ts';
import { withTransaction } from '../db/transaction.ts';
import { trunkChanges } from './trunk-changes.ts';
import { TrunkError } from './trunk-error.ts';
import { normaliseTrunkInput } from './trunk-input.ts';
import type { NormalTrunkInput } from './trunk-input.ts';
import type { Trunk, TrunkInput, TrunkTransport } from './trunk.ts';

export type TrunkTables = {
  trunks: {
    id: string;
    name: string;
    addresses: string;
    proxy_host: string;
    proxy_port: number;
    proxy_transport: string;
    registration_username: string | null;
    registration_password: string | null;
    registration_realm: string | null;
    max_concurrent_calls: number | null;
    enabled: number;
    created_at: string;
    updated_at: string;
  };
};

type Db = Kysely<object>;
type Row = TrunkTables['trunks'];
const tables = (db: Db) => db.withTables<TrunkTables>();

function toTrunk(row: Row): Trunk {
  const parsed: unknown = JSON.parse(row.addresses);
  const addresses = Array.isArray(parsed) ? parsed.filter((a): a is string => typeof a === 'string') : [];
  return {
    id: row.id,
    name: row.name,
    addresses,
    proxy: { host: row.proxy_host, port: row.proxy_port, transport: row.proxy_transport as TrunkTransport },
    registration:
      row.registration_username === null || row.registration_password === null
        ? null
        : { username: row.registration_username, password: row.registration_password, realm: row.registration_realm },
    maxConcurrentCalls: row.max_concurrent_calls,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function columns(t: NormalTrunkInput) {
  return {
    name: t.name,
    addresses: JSON.stringify(t.addresses),
    proxy_host: t.proxy.host,
    proxy_port: t.proxy.port,
    proxy_transport: t.proxy.transport,
    registration_username: t.registration?.username ?? null,
    registration_password: t.registration?.password ?? null,
    registration_realm: t.registration?.realm ?? null,
    max_concurrent_calls: t.maxConcurrentCalls,
    enabled: toDbBoolean(t.enabled),
  };
}

/** Announces a write once it is committed: now when we own the transaction, else by the caller. */
function announceIfCommitted(db: Db): void {
  if (!db.isTransaction) trunkChanges.announce();
}

export async function listTrunks(db: Db): Promise<Trunk[]> {
  return (await tables(db).selectFrom('trunks').selectAll().orderBy('name').execute()).map(toTrunk);
}

export async function getTrunk(db: Db, id: string): Promise<Trunk | undefined> {
  const row = await tables(db).selectFrom('trunks').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toTrunk(row);
}

async function byName(db: Db, name: string): Promise<Trunk | undefined> {
  const row = await tables(db).selectFrom('trunks').selectAll().where('name', '=', name).executeTakeFirst();
  return row && toTrunk(row);
}

async function insert(db: Db, t: NormalTrunkInput, at: Date): Promise<Trunk> {
  const now = toDbTimestamp(at);
  const row: Row = { id: newId(), ...columns(t), created_at: now, updated_at: now };
  await tables(db).insertInto('trunks').values(row).execute();
  return toTrunk(row);
}

/** Writes `t` over `current` when it differs; `updated_at` moves only on a real change. */
async function replace(db: Db, current: Trunk, t: NormalTrunkInput, at: Date): Promise<Trunk> {
  const next = columns(t);
  const before = columns(normaliseTrunkInput(current));
  if (JSON.stringify(next) === JSON.stringify(before)) return current;
  const now = toDbTimestamp(at);
  await tables(db).updateTable('trunks').set({ ...next, updated_at: now }).where('id', '=', current.id).execute();
  return toTrunk({ id: current.id, ...next, created_at: current.createdAt, updated_at: now });
}

export interface UpsertTrunkResult {
  readonly trunk: Trunk;
  readonly created: boolean;
}

/** Creates the trunk with this name or brings it to `input` (what `hotline import` calls). */
export async function upsertTrunk(db: Db, input: TrunkInput, _by: string, at = new Date()): Promise<UpsertTrunkResult> {
  const t = normaliseTrunkInput(input);
  const result = await withTransaction(db, async (trx) => {
    const current = await byName(trx, t.name);
    if (current === undefined) return { trunk: await insert(trx, t, at), created: true };
    return { trunk: await replace(trx, current, t, at), created: false };
  });
  announceIfCommitted(db);
  return result;
}

/** Creates a trunk; refuses a name in use. */
export async function createTrunk(db: Db, input: TrunkInput, _by: string, at = new Date()): Promise<Trunk> {
  const t = normaliseTrunkInput(input);
  const trunk = await withTransaction(db, async (trx) => {
    if ((await byName(trx, t.name)) !== undefined) throw new TrunkError('TRUNK_NAME_TAKEN', `a trunk named '${t.name}' exists`);
    return insert(trx, t, at);
  });
  announceIfCommitted(db);
  return trunk;
}

/** Replaces a trunk's settings (a rename included; the new name must be free). */
export async function updateTrunk(db: Db, id: string, input: TrunkInput, _by: string, at = new Date()): Promise<Trunk> {
  const t = normaliseTrunkInput(input);
  const trunk = await withTransaction(db, async (trx) => {
    const current = await getTrunk(trx, id);
    if (current === undefined) throw new TrunkError('TRUNK_NOT_FOUND', 'no such trunk');
    const holder = await byName(trx, t.name);
    if (holder !== undefined && holder.id !== id) throw new TrunkError('TRUNK_NAME_TAKEN', `a trunk named '${t.name}' exists`);
    return replace(trx, current, t, at);
  });
  announceIfCommitted(db);
  return trunk;
}

export async function deleteTrunk(db: Db, id: string, _by: string): Promise<void> {
  const result = await tables(db).deleteFrom('trunks').where('id', '=', id).executeTakeFirst();
  if (result.numDeletedRows === 0n) throw new TrunkError('TRUNK_NOT_FOUND', 'no such trunk');
  announceIfCommitted(db);
}

/** Voicemails (R13): one row per recorded message; the WAV lives under the data directory. */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';

export type VoicemailsTable = {
  voicemails: { id: string; tenant_id: string; number_400: string; call_id: string; caller_number: string; path: string; duration_ms: number; created_at: string; heard_at?: string | null; heard_by?: string | null };
};

type Db = Kysely<object>;
const tables = (db: Db) => db.withTables<VoicemailsTable>();

export interface VoicemailRecord {
  id: string;
  tenantId: string;
  number400: string;
  callId: string;
  callerNumber: string;
  path: string;
  durationMs: number;
  createdAt: string;
  /** When someone marked it heard (null: new). */
  heardAt: string | null;
  heardBy: string | null;
}

export async function addVoicemail(db: Db, v: Omit<VoicemailRecord, 'id' | 'createdAt' | 'heardAt' | 'heardBy'> & { createdAt: Date }): Promise<VoicemailRecord> {
  const row = { id: newId(), tenant_id: v.tenantId, number_400: v.number400, call_id: v.callId, caller_number: v.callerNumber, path: v.path, duration_ms: Math.round(v.durationMs), created_at: toDbTimestamp(v.createdAt) };
  await tables(db).insertInto('voicemails').values(row).execute();
  return fromRow(row);
}

/** Newest first. */
export async function listVoicemails(db: Db, tenantId: string, opts: { number400?: string; limit?: number } = {}): Promise<VoicemailRecord[]> {
  let q = tables(db).selectFrom('voicemails').selectAll().where('tenant_id', '=', tenantId);
  if (opts.number400) q = q.where('number_400', '=', opts.number400);
  const rows = await q.orderBy('created_at', 'desc').limit(opts.limit ?? 100).execute();
  return rows.map(fromRow);
}

export async function getVoicemail(db: Db, tenantId: string, id: string): Promise<VoicemailRecord | undefined> {
  const row = await tables(db).selectFrom('voicemails').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

/** Marks a message heard (by whom, when) or new again; undefined when the tenant has no such message. */
export async function markVoicemail(db: Db, tenantId: string, id: string, heard: { at: Date; by: string } | null): Promise<VoicemailRecord | undefined> {
  await tables(db)
    .updateTable('voicemails')
    .set({ heard_at: heard ? toDbTimestamp(heard.at) : null, heard_by: heard?.by ?? null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
  return getVoicemail(db, tenantId, id);
}

/** Removes the row; the caller removes the file after (a row without a file would be a broken link). */
export async function deleteVoicemailRow(db: Db, tenantId: string, id: string): Promise<boolean> {
  const r = await tables(db).deleteFrom('voicemails').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

function fromRow(r: VoicemailsTable['voicemails']): VoicemailRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    number400: r.number_400,
    callId: r.call_id,
    callerNumber: r.caller_number,
    path: r.path,
    durationMs: Number(r.duration_ms),
    createdAt: r.created_at,
    heardAt: r.heard_at ?? null,
    heardBy: r.heard_by ?? null,
  };
}

/**
 * The retention job's work (P4): deletes each tenant's recordings and voicemails older than its
 * retention period, one at a time, each deletion written to the tenant's audit log
 * (`recording.delete`, `voicemail.delete`) in the transaction that forgets the file. The file goes
 * first: a crash between the two leaves a record pointing at nothing (served as "no recording")
 * and the next run finishes it, never a forgotten file that is still on disk. The call record
 * itself stays (money and records are never lost); only its recording goes. A call under quality
 * review or in dispute (C19) keeps its recording until the review is closed; the next run after
 * that prunes it.
 */
import { rm } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { writeAudit } from '../audit/audit-log.ts';
import { systemActor } from '../audit/actor.ts';
import { callRecordTables } from '../cdr/call-record-store.ts';
import { toDbTimestamp } from '../db/conventions.ts';
import { withTransaction } from '../db/transaction.ts';
import type { VoicemailsTable } from '../flows/voicemail-store.ts';
import { NOT_UNDER_REVIEW } from '../quality/review-hold.ts';
import { listTenants } from '../tenants/tenant-store.ts';
import { mp3PathOf } from './recording-mp3.ts';
import { DEFAULT_RETENTION_MONTHS, chosenRetentions, retentionCutoff } from './retention.ts';

const BATCH = 200;
const RETENTION_ACTOR = systemActor('retention');

export interface PruneResult {
  recordings: number;
  voicemails: number;
}

export async function pruneRecordings(db: Kysely<object>, now: Date): Promise<PruneResult> {
  const chosen = await chosenRetentions(db);
  const result: PruneResult = { recordings: 0, voicemails: 0 };
  for (const tenant of await listTenants(db)) {
    const months = chosen.get(tenant.id) ?? DEFAULT_RETENTION_MONTHS;
    const cutoff = toDbTimestamp(retentionCutoff(now, months));
    result.recordings += await pruneCallRecordings(db, tenant.id, cutoff, months, now);
    result.voicemails += await pruneVoicemails(db, tenant.id, cutoff, months, now);
  }
  return result;
}

async function pruneCallRecordings(db: Kysely<object>, tenantId: string, cutoff: string, months: number, now: Date): Promise<number> {
  let deleted = 0;
  for (;;) {
    const due = await callRecordTables(db)
      .selectFrom('call_records')
      .select(['id', 'started_at', 'recording_path'])
      .where('tenant_id', '=', tenantId)
      .where('recording_path', 'is not', null)
      .where('started_at', '<', cutoff)
      .where(NOT_UNDER_REVIEW)
      .orderBy('started_at')
      .limit(BATCH)
      .execute();
    for (const r of due) {
      const wav = r.recording_path ?? '';
      for (const path of [wav, mp3PathOf(wav), `${mp3PathOf(wav)}.part`]) await rm(path, { force: true });
      await withTransaction(db, async (trx) => {
        await callRecordTables(trx).updateTable('call_records').set({ recording_path: null }).where('id', '=', r.id).execute();
        await writeAudit(trx, RETENTION_ACTOR, { tenantId, action: 'recording.delete', targetType: 'call_record', targetId: r.id, details: { startedAt: r.started_at, retentionMonths: months } }, now);
      });
      deleted++;
    }
    if (due.length < BATCH) return deleted;
  }
}

async function pruneVoicemails(db: Kysely<object>, tenantId: string, cutoff: string, months: number, now: Date): Promise<number> {
  const voicemails = (d: Kysely<object>) => d.withTables<VoicemailsTable>();
  let deleted = 0;
  for (;;) {
    const due = await voicemails(db)
      .selectFrom('voicemails')
      .select(['id', 'path', 'call_id', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .where('created_at', '<', cutoff)
      .orderBy('created_at')
      .limit(BATCH)
      .execute();
    for (const v of due) {
      await rm(v.path, { force: true });
      await withTransaction(db, async (trx) => {
        await voicemails(trx).deleteFrom('voicemails').where('id', '=', v.id).execute();
        await writeAudit(trx, RETENTION_ACTOR, { tenantId, action: 'voicemail.delete', targetType: 'voicemail', targetId: v.id, details: { callId: v.call_id, createdAt: v.created_at, retentionMonths: months } }, now);
      });
      deleted++;
    }
    if (due.length < BATCH) return deleted;
  }
}

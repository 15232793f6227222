import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * P2's search by caller digits ("digits anywhere in the number") was `LIKE '%…%'`: a scan of the
 * tenant's three months (308 ms SQLite / 643 ms PostgreSQL p95 at 1 000 000 records). A trigram
 * index serves substrings of 3 or more characters:
 * - SQLite: an FTS5 table with the trigram tokenizer (SQLite ≥ 3.34) over `call_records`'s own rows
 *   (external content, kept by triggers); the query asks it for the rowids (src/cdr/call-record-query.ts);
 * - PostgreSQL: pg_trgm's GIN index, which `LIKE '%…%'` uses by itself. Where the extension is not
 *   available the index is left out and the search stays a scan (same results).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await sql`create virtual table call_records_caller_fts using fts5(caller_number, content='call_records', content_rowid='rowid', tokenize='trigram')`.execute(db);
    await sql`create trigger call_records_caller_fts_ai after insert on call_records begin
      insert into call_records_caller_fts (rowid, caller_number) values (new.rowid, new.caller_number); end`.execute(db);
    await sql`create trigger call_records_caller_fts_ad after delete on call_records begin
      insert into call_records_caller_fts (call_records_caller_fts, rowid, caller_number) values ('delete', old.rowid, old.caller_number); end`.execute(db);
    await sql`create trigger call_records_caller_fts_au after update of caller_number on call_records begin
      insert into call_records_caller_fts (call_records_caller_fts, rowid, caller_number) values ('delete', old.rowid, old.caller_number);
      insert into call_records_caller_fts (rowid, caller_number) values (new.rowid, new.caller_number); end`.execute(db);
    await sql`insert into call_records_caller_fts (call_records_caller_fts) values ('rebuild')`.execute(db);
    return;
  }
  const available = await sql<{ n: number }>`select count(*)::int as n from pg_available_extensions where name = 'pg_trgm'`.execute(db);
  if ((available.rows[0]?.n ?? 0) === 0) return;
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index if not exists call_records_caller_trgm on call_records using gin (caller_number gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    for (const t of ['ai', 'ad', 'au']) await sql`drop trigger if exists ${sql.raw(`call_records_caller_fts_${t}`)}`.execute(db);
    await sql`drop table if exists call_records_caller_fts`.execute(db);
    return;
  }
  await sql`drop index if exists call_records_caller_trgm`.execute(db);
}

/**
 * The caller-digits search through the trigram index (SQLite FTS5 trigram, PostgreSQL pg_trgm) finds
 * exactly what `LIKE '%digits%'` finds — including 1–2 digit queries no trigram can serve, a leading
 * +, records of another tenant, and a deleted record.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openCallRecord } from '../../src/cdr/call-record-store.ts';
import { queryCallRecords } from '../../src/cdr/call-record-query.ts';
import { dialectOf } from '../../src/db/dialect.ts';
import { forEachDialect } from '../support/databases.ts';

const NOW = new Date('2026-12-01T00:00:00.000Z');

function callerOf(i: number): string {
  // A spread of mobiles and landlines with shared runs of digits (…520…, 1391…, 0519…).
  const forms = [`+86139${String(1000_0000 + i * 7919).slice(0, 8)}`, `+860519${String(8000_000 + i * 131).slice(0, 7)}`, `+8615${String(52000_000 + i * 37).slice(0, 9)}`];
  return forms[i % forms.length] ?? '+8613900000000';
}

forEachDialect('caller digits index', ({ open }) => {
  test('results are those of LIKE, for every query length', async () => {
    const { db } = await open();
    const rows: Array<{ id: string; tenant: string; caller: string }> = [];
    for (let i = 0; i < 60; i++) {
      const tenant = i % 5 === 0 ? 't2' : 't1';
      const id = `r${String(i).padStart(3, '0')}`;
      rows.push({ id, tenant, caller: callerOf(i) });
      await openCallRecord(db, { id, tenantId: tenant, number400: '4006123456', sipCallId: `call-${id}`, caller: { number: callerOf(i), kind: 'mobile' }, startedAt: new Date(NOW.getTime() - (i + 1) * 60_000) });
    }
    await sql`delete from call_records where id = 'r001'`.execute(db);
    const live = rows.filter((r) => r.id !== 'r001');
    const queries = ['1', '5', '39', '05', '520', '1391', '0519', '8613', '+86139', callerOf(7).slice(1), callerOf(1).slice(3), '99999999', '000'];
    for (const q of queries) {
      const digits = q.replace(/^\+/, '');
      const expected = live.filter((r) => r.tenant === 't1' && r.caller.replace(/^\+/, '').includes(digits)).map((r) => r.id).sort();
      const got: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await queryCallRecords(db, 't1', { caller: q }, { limit: 7, now: NOW, ...(cursor ? { cursor } : {}) });
        got.push(...page.items.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      assert.deepEqual(got.sort(), expected, `caller ${q}`);
    }
  });

  test('the index is there (PostgreSQL: where pg_trgm is available)', async () => {
    const { db } = await open();
    if (dialectOf(db) === 'sqlite') {
      const t = await sql<{ name: string }>`select name from sqlite_master where name = 'call_records_caller_fts'`.execute(db);
      assert.equal(t.rows.length, 1);
      return;
    }
    const available = await sql<{ n: number }>`select count(*)::int as n from pg_available_extensions where name = 'pg_trgm'`.execute(db);
    const index = await sql<{ indexname: string }>`select indexname from pg_indexes where indexname = 'call_records_caller_trgm'`.execute(db);
    assert.equal(index.rows.length, available.rows[0]?.n ? 1 : 0);
  });
});

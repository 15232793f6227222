import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';
import type { Caller } from './support/api-harness.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { markCallAnswered, openCallRecord } from '../../src/cdr/call-record-store.ts';
import { closeAndCharge } from '../../src/cdr/close-and-charge.ts';
import type { RecordOutcome } from '../../src/cdr/call-record.ts';
import { assignRatePlan, createRatePlan } from '../../src/billing/rate-plan-store.ts';
import { topUp } from '../../src/billing/ledger-store.ts';

const NOW = Date.parse('2026-11-22T08:00:00.000Z');
const at = (minutesAgo: number, plusSeconds = 0) => new Date(NOW - minutesAgo * 60_000 + plusSeconds * 1000);

interface Seeded { id: string; outcome: RecordOutcome; number: string; caller: string; minutesAgo: number }

/** A call that ended the given way, with its legs and (when answered) a charge. */
async function seedCall(db: Kysely<object>, tenantId: string, s: Seeded, recording?: string): Promise<void> {
  await openCallRecord(db, { id: s.id, tenantId, number400: s.number, sipCallId: `sip-${s.id}`, caller: { number: s.caller, kind: 'mobile', province: '江苏省', city: '常州市' }, startedAt: at(s.minutesAgo) });
  const rung = { seq: 0, target: '13800138000', kind: 'pstn' as const, startedAt: at(s.minutesAgo), endedAt: at(s.minutesAgo, 3) };
  if (s.outcome === 'answered') {
    const attempts = [{ ...rung, result: 'answered' as const, sipStatus: 200 }];
    await markCallAnswered(db, s.id, { answeredAt: at(s.minutesAgo, 3), answeringNumber: '13800138000', answeringKind: 'pstn', attempts });
    await closeAndCharge(db, s.id, { answeringNumber: '13800138000', answeredAt: at(s.minutesAgo, 3), endedAt: at(s.minutesAgo, 63), outcome: 'answered', sipStatus: 200, sipReason: 'OK', endedBy: 'caller', attempts, ...(recording ? { recordingPath: recording } : {}) });
  } else {
    const result = s.outcome === 'busy' ? 'busy' as const : 'no_answer' as const;
    await closeAndCharge(db, s.id, { endedAt: at(s.minutesAgo, 3), outcome: s.outcome as 'busy', sipStatus: result === 'busy' ? 486 : 480, sipReason: 'x', endedBy: 'callee', attempts: [{ ...rung, result, sipStatus: result === 'busy' ? 486 : null }] });
  }
}

forEachDialect('api call records', ({ open }) => {
  let h: ApiHarness;
  let admin: Caller;
  let other: Caller;
  let agent: Caller;
  let dir: string;
  before(async () => {
    h = await ApiHarness.start(await open());
    dir = mkdtempSync(join(tmpdir(), 'hotline-cdr-api-'));
    const a = (await createTenant(h.db, { code: 'acme', name: 'Acme', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
    const b = (await createTenant(h.db, { code: 'beta', name: 'Beta', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
    const plan = await createRatePlan(h.db, { name: 'std', billingUnitSeconds: 6, monthlyFeeLi: 0, rates: { inbound_forward_mobile: 60 } }, 'op');
    await assignRatePlan(h.db, a, plan.id, 'op');
    await topUp(h.db, a, 100_000, { reference: 'pay' }, 'op');
    admin = await h.as(a, 'acme-admin', 'tenant_admin');
    agent = await h.as(a, 'acme-agent', 'agent');
    other = await h.as(b, 'beta-admin', 'tenant_admin');
    const wav = join(dir, 'a1.wav');
    writeFileSync(wav, Buffer.from('RIFF-fake-wav'));
    const calls: Seeded[] = [
      { id: 'a1', outcome: 'answered', number: '4006123456', caller: '+8613912345678', minutesAgo: 10 },
      { id: 'a2', outcome: 'busy', number: '4006123456', caller: '+8613700001111', minutesAgo: 20 },
      { id: 'a3', outcome: 'no_answer', number: '4006999999', caller: '+8613912345678', minutesAgo: 30 },
      { id: 'a4', outcome: 'answered', number: '4006999999', caller: '+8601088889999', minutesAgo: 40 },
      // Older than three months: never listed.
      { id: 'old', outcome: 'answered', number: '4006123456', caller: '+8613912345678', minutesAgo: 100 * 24 * 60 },
    ];
    for (const c of calls) await seedCall(h.db, a, c, c.id === 'a1' ? wav : undefined);
    await seedCall(h.db, b, { id: 'b1', outcome: 'answered', number: '4006555555', caller: '+8613912345678', minutesAgo: 5 });
  });
  after(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ids = (res: { json(): unknown }) => (res.json() as { items: Array<{ id: string }> }).items.map((r) => r.id);

  test('lists the last three months newest first, with P2 fields and cost', async () => {
    const res = await h.call(admin, 'GET', '/api/v1/call-records');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(ids(res), ['a1', 'a2', 'a3', 'a4']);
    const a1 = (res.json() as { items: Array<Record<string, unknown>> }).items[0];
    assert.equal(a1?.callerProvince, '江苏省');
    assert.equal(a1?.answeringNumber, '13800138000');
    assert.equal(a1?.talkSeconds, 60);
    assert.equal(a1?.costLi, 600);
    assert.equal(a1?.outcome, 'answered');
    assert.equal(a1?.recordingUrl, '/api/v1/call-records/a1/recording');
  });

  test('filters by outcome, number, caller and time; pages with a cursor', async () => {
    assert.deepEqual(ids(await h.call(admin, 'GET', '/api/v1/call-records', { query: { outcome: 'busy,no_answer' } })), ['a2', 'a3']);
    assert.deepEqual(ids(await h.call(admin, 'GET', '/api/v1/call-records', { query: { number: '4006999999' } })), ['a3', 'a4']);
    assert.deepEqual(ids(await h.call(admin, 'GET', '/api/v1/call-records', { query: { caller: '13912345678' } })), ['a1', 'a3']);
    assert.deepEqual(ids(await h.call(admin, 'GET', '/api/v1/call-records', { query: { from: at(35).toISOString(), to: at(15).toISOString() } })), ['a2', 'a3']);
    assert.deepEqual(ids(await h.call(admin, 'GET', '/api/v1/call-records', { query: { region: '常州市' } })), ['a1', 'a2', 'a3', 'a4'], 'by city');
    assert.deepEqual(ids(await h.call(admin, 'GET', '/api/v1/call-records', { query: { region: '江苏省', outcome: 'busy' } })), ['a2'], 'by province');
    assert.deepEqual(ids(await h.call(admin, 'GET', '/api/v1/call-records', { query: { region: '北京市' } })), []);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await h.call(admin, 'GET', '/api/v1/call-records', { query: { limit: '3', ...(cursor ? { cursor } : {}) } });
      assert.equal(res.statusCode, 200, res.body);
      const page = res.json() as { items: Array<{ id: string }>; nextCursor: string | null };
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, ['a1', 'a2', 'a3', 'a4']);
    assert.equal((await h.call(admin, 'GET', '/api/v1/call-records', { query: { outcome: 'bogus' } })).statusCode, 400);
    assert.equal((await h.call(admin, 'GET', '/api/v1/call-records', { query: { cursor: 'bm9wZQ' } })).statusCode, 400);
  });

  test('one record with its legs; another tenant gets 404 and sees none of it; agents may not list', async () => {
    const res = await h.call(admin, 'GET', '/api/v1/call-records/a2');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { record: { outcome: string }; legs: Array<{ result: string; sipStatus: number }> };
    assert.equal(body.record.outcome, 'busy');
    assert.deepEqual(body.legs.map((l) => [l.result, l.sipStatus]), [['busy', 486]]);
    assert.equal((await h.call(other, 'GET', '/api/v1/call-records/a2')).statusCode, 404);
    assert.equal((await h.call(other, 'GET', '/api/v1/call-records/a1/recording')).statusCode, 404);
    assert.deepEqual(ids(await h.call(other, 'GET', '/api/v1/call-records')), ['b1']);
    assert.equal((await h.call(agent, 'GET', '/api/v1/call-records')).statusCode, 403);
  });

  test('the recording downloads; a call without one is 404', async () => {
    const res = await h.call(admin, 'GET', '/api/v1/call-records/a1/recording');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'audio/wav');
    assert.equal(res.body, 'RIFF-fake-wav');
    assert.equal((await h.call(admin, 'GET', '/api/v1/call-records/a2/recording')).statusCode, 404);
  });
});

// Gaps of issue 12's server side, left for the next session.
test.todo('call-records page API p95 under 100 ms with 1 000 000 records, `caller` included — the trigram index (FTS5 / pg_trgm) landed and measured 10.5 ms p95 at 200 000 rows on SQLite (docs/BENCHMARKS.md); the 1 000 000-row run on SQLite and PostgreSQL is not re-done (needs a quiet machine)');

/**
 * The platform runs the sampling job (C19): started with the platform on its Clock (fake here), a
 * tenant's short-call rule queues a recorded short call at the first minute's tick, and the job
 * stops with the platform.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FakeClock } from '../../src/kernel/fake-clock.ts';
import { listReviews } from '../../src/quality/qa-review-store.ts';
import { createRule } from '../../src/quality/sampling-rules.ts';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { seedCall } from '../support/seed-calls.ts';
import { NUMBER, tenantIdOf } from '../support/trunk-call.ts';

let h: Harness;
const clock = new FakeClock(0, { wallStart: Date.parse('2026-11-21T02:00:00.000Z') });

before(async () => {
  h = await startHarness({ clock });
  await h.provision({ tenants: [tenantWithNumber(NUMBER, [{ pstn: '13800138000' }])] });
});
after(() => h?.stop());

test('the platform’s sampling job queues a short call at its first tick', async () => {
  const db = h.platform.database.db;
  const tenantId = await tenantIdOf(h);
  await seedCall(db, { id: 'short-1', tenantId, startedAt: new Date(clock.wallNow() - 10 * 60_000), answerSeconds: 3, talkSeconds: 4, recordingPath: '/tmp/short-1.wav' });
  await createRule(db, tenantId, { kind: 'short_calls', params: { maxTalkSeconds: 10 } }, 'test', new Date(clock.wallNow()));
  const queued = async () => (await listReviews(db, tenantId, { limit: 10 })).map((r) => `${r.callId}:${r.source}`);
  clock.advance(59_000);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await queued(), [], 'not before the first minute');
  clock.advance(1_000);
  for (let i = 0; i < 50 && (await queued()).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(await queued(), ['short-1:short_calls']);
  assert.match(h.logs(), /Quality sampling: queued 1 call\(s\) for review/);
});

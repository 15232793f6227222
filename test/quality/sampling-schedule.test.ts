/**
 * C19 scheduled sampling on fake time, on both dialects: the tenant's rules run by themselves every
 * N minutes and queue short calls; nothing is queued twice; the job resumes after a restart from
 * its last run (calls that ended while it was down are picked); a rule scoped to one agent picks
 * only theirs; a percentage rule tops its share up across runs; a schedule switched off runs nothing.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Kysely } from 'kysely';
import { systemActor } from '../../src/audit/actor.ts';
import { FakeClock } from '../../src/kernel/fake-clock.ts';
import { listReviews } from '../../src/quality/qa-review-store.ts';
import { startSamplingJob } from '../../src/quality/sampling-job.ts';
import type { SamplingJob } from '../../src/quality/sampling-job.ts';
import { createRule, updateRule } from '../../src/quality/sampling-rules.ts';
import { getSchedule, setSchedule } from '../../src/quality/sampling-schedule.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { TEST_SCRYPT } from '../../src/users/password.ts';
import { upsertUser } from '../../src/users/upsert-user.ts';
import { usersSettings } from '../../src/users/users-settings.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCall } from '../support/seed-calls.ts';

const START = Date.parse('2026-11-21T02:00:00.000Z'); // 10:00 in Asia/Shanghai
const MIN = 60_000;

forEachDialect('scheduled quality sampling', ({ open }) => {
  let db: Kysely<object>;
  let tenantId: string;
  let agentA: string;
  let clock: FakeClock;
  let job: SamplingJob;
  const lines: string[] = [];
  let seq = 0;
  /** A recorded call answered by `answering` that ended `minutesAgo` before the fake now. */
  const call = async (talkSeconds: number, answering = '13800138000', minutesAgo = 1) => {
    const id = `call-${++seq}`;
    const endedAt = clock.wallNow() - minutesAgo * MIN;
    await seedCall(db, { id, tenantId, startedAt: new Date(endedAt - (talkSeconds + 5) * 1000), answerSeconds: 5, talkSeconds, answering, recordingPath: `/tmp/${id}.wav` });
    return id;
  };
  const queued = async () => (await listReviews(db, tenantId, { limit: 100 })).map((r) => `${r.callId}:${r.source}`).sort();
  /** Moves fake time a minute (the job's tick) at a time, letting each run finish as real minutes would. */
  const advance = async (ms: number) => {
    for (let left = ms; left > 0; left -= MIN) {
      clock.advance(Math.min(MIN, left));
      await job.idle();
    }
  };
  const collator = (a: string, b: string) => a.localeCompare(b);

  before(async () => {
    db = (await open()).db;
    tenantId = (await createTenant(db, { code: 'acme', name: 'Acme', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
    const settings = usersSettings({ scrypt: TEST_SCRYPT, sipRealm: 'test' });
    agentA = (await upsertUser(db, { tenantId, username: 'agent-a', role: 'agent', displayName: 'A', password: 'Agent-A-2026!x', mustChangePassword: false, boundNumber: '+8613800138000' }, systemActor('test'), settings)).user.id;
    clock = new FakeClock(0, { wallStart: START });
  });

  test('a short-call rule runs by itself every N minutes, each call once, and resumes after a restart', async () => {
    await createRule(db, tenantId, { kind: 'short_calls', params: { maxTalkSeconds: 10 } }, 'test', new Date(clock.wallNow()));
    await setSchedule(db, tenantId, { enabled: true, everyMinutes: 15 }, new Date(clock.wallNow()));
    const short1 = await call(4);
    await call(120);
    job = startSamplingJob(db, { clock, log: (l) => lines.push(l) });
    assert.deepEqual(await queued(), [], 'nothing before the first tick');
    await advance(MIN);
    assert.deepEqual(await queued(), [`${short1}:short_calls`]);
    assert.match(lines.join('\n'), /queued 1 call\(s\)/);
    const short2 = await call(6);
    await advance(10 * MIN);
    assert.deepEqual(await queued(), [`${short1}:short_calls`], 'not due yet: 11 of 15 minutes');
    await advance(5 * MIN);
    assert.deepEqual(await queued(), [`${short1}:short_calls`, `${short2}:short_calls`].sort(collator));
    const schedule = await getSchedule(db, tenantId, new Date(clock.wallNow()));
    assert.equal(schedule.lastRunAt, new Date(START + 16 * MIN).toISOString());
    await advance(60 * MIN);
    assert.equal((await queued()).length, 2, 'later runs queue nothing twice');

    await job.stop();
    clock.advance(3 * 60 * MIN); // the platform is down for three hours
    const whileDown = await call(3, '13800138000', 90);
    job = startSamplingJob(db, { clock, log: (l) => lines.push(l) });
    await advance(MIN);
    assert.deepEqual(await queued(), [`${short1}:short_calls`, `${short2}:short_calls`, `${whileDown}:short_calls`].sort(collator), 'the call that ended while it was down');
  });

  test('a rule scoped to one agent picks only their calls; a percentage rule tops its share up across runs', async () => {
    const rules = await createRule(db, tenantId, { kind: 'short_calls', params: { maxTalkSeconds: 30 }, agentUserId: agentA }, 'test', new Date(clock.wallNow()));
    const before = await queued();
    const other = await call(20, '13900139000');
    const mine = await call(20);
    await advance(15 * MIN);
    assert.deepEqual(await queued(), [...before, `${mine}:short_calls`].sort(collator), 'only agent A’s 20 s call');
    assert.ok(!(await queued()).some((q) => q.startsWith(`${other}:`)));
    await updateRule(db, tenantId, rules.id, { kind: 'short_calls', params: { maxTalkSeconds: 30 }, agentUserId: agentA, enabled: false });

    await createRule(db, tenantId, { kind: 'percent_per_agent', params: { percent: 50 }, agentUserId: agentA }, 'test', new Date(clock.wallNow()));
    const long = [await call(200), await call(210)];
    await advance(15 * MIN);
    const percentOf = async () => (await listReviews(db, tenantId, { limit: 100 })).filter((r) => r.source === 'percent_per_agent').map((r) => r.callId);
    // Agent A's calls today: 7 (four short ones reviewed by the other rules, the 120 s one and the two long ones) → 50 % = 4; the 3 unreviewed ones.
    assert.deepEqual((await percentOf()).sort(collator), ['call-2', ...long].sort(collator));
    const more = [await call(300), await call(310), await call(320), await call(330)];
    await advance(15 * MIN);
    // 11 calls → 6 for this rule; it has 3, so 3 of the 4 new ones.
    assert.equal((await percentOf()).length, 6);
    assert.equal((await percentOf()).filter((id) => more.includes(id)).length, 3);
    await advance(15 * MIN);
    assert.equal((await percentOf()).length, 6, 'its share is met: nothing more');
  });

  test('a schedule switched off runs nothing', async () => {
    await setSchedule(db, tenantId, { enabled: false, everyMinutes: 15 }, new Date(clock.wallNow()));
    const n = (await queued()).length;
    await call(2);
    await advance(60 * MIN);
    assert.equal((await queued()).length, n);
    assert.equal((await getSchedule(db, tenantId, new Date(clock.wallNow()))).nextRunAt, null);
    await job.stop();
  });
});

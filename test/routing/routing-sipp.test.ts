/**
 * Routing policies on real calls: a SIPp caller with a chosen number dials the 400 number through
 * the trunk; one SIPp "switchboard" behind the trunk plays the bound phones and forwarding numbers
 * (answer / busy / ring forever, told apart by Request-URI). Each test sets the number's policy
 * directly before its call (a change is effective for the next call) and checks the call record
 * and its leg records (who was rung, in which order, with which result).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { callerScenario, switchboardScenario } from '../support/sipp-scenarios.ts';
import type { CallerPlan, SwitchboardBehaviour } from '../support/sipp-scenarios.ts';
import { listCallRecords } from '../../src/cdr/call-record-store.ts';
import { listCallLegs } from '../../src/cdr/call-leg-store.ts';
import type { CallLeg, CallRecord } from '../../src/cdr/call-record.ts';
import { setBoundPhones } from '../../src/routing/bound-phone-store.ts';
import { setNumberPolicy } from '../../src/routing/number-policy-store.ts';
import type { NumberPolicy } from '../../src/routing/number-policy.ts';
import { systemClock } from '../../src/kernel/clock.ts';
import type { Clock } from '../../src/kernel/clock.ts';

const NUMBER = '4006123456';
const A = '13800000001';
const B = '13800000002';
const C = '13800000003';
const F1 = '13900000001';
const F2 = '13900000002';
const BEIJING_CALLER = '13910000000';
const GUANGZHOU_CALLER = '13802512345';
const STRANGER = '13911112222';

/** Wall time the test sets (a day in the tenant's calendar); advances in real time from there. */
let epoch = Date.parse('2025-09-29T02:00:00Z'); // Monday 10:00 in Shanghai
let epochSetAt = performance.now();
const clock: Clock = { ...systemClock, wallNow: () => epoch + (performance.now() - epochSetAt) };
function setWallTime(iso: string): void {
  epoch = Date.parse(iso);
  epochSetAt = performance.now();
}

describe('routing policies on real calls (SIPp)', () => {
  let h: Harness;
  let tenantId: string;

  before(async () => {
    h = await startHarness({ clock });
    await h.provision({ tenants: [tenantWithNumber(NUMBER, [])] });
    const row = await h.platform.database.db.withTables<{ tenants: { id: string; code: string } }>().selectFrom('tenants').select('id').where('code', '=', 'acme').executeTakeFirstOrThrow();
    tenantId = row.id;
  });
  after(async () => {
    await h?.stop();
  });

  async function configure(phones: string[], policy: NumberPolicy): Promise<void> {
    await setBoundPhones(h.platform.database.db, tenantId, NUMBER, phones.map((p) => ({ kind: 'pstn', target: `+86${p}` })));
    await setNumberPolicy(h.platform.database.db, tenantId, NUMBER, policy);
  }

  /** One call; `phones` empty: nothing may ring. Returns the closed record and its legs. */
  async function call(caller: string, plan: CallerPlan, phones: Record<string, SwitchboardBehaviour>, invites: number): Promise<{ rec: CallRecord; legs: CallLeg[] }> {
    const phonePort = await freeUdpPort();
    await h.provision({ trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: phonePort, transport: 'udp' } }] });
    const seen = new Set((await listCallRecords(h.platform.database.db, tenantId, { limit: 1000 })).map((r) => r.id));
    const uas = invites > 0 ? startSipp({ scenario: switchboardScenario(phones, caller), port: phonePort, mediaPort: nextMediaPort(), extraArgs: ['-m', String(invites)] }) : undefined;
    await uas?.listening();
    const uac = startSipp({ scenario: callerScenario(plan), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, keys: { caller } });
    const c = await uac.done;
    assertSippPassed(c, 'caller');
    if (uas) {
      const p = await uas.done;
      assert.equal(p.exitCode, 0, `phones SIPp failed:\n${p.errors}\n${p.stdout}`);
    }
    for (let i = 0; i < 50; i++) {
      // By id, not by start time: the R3 test moves the wall clock back and forth.
      const rec = (await listCallRecords(h.platform.database.db, tenantId, { limit: 1000 })).find((r) => !seen.has(r.id));
      if (rec?.outcome) return { rec, legs: await listCallLegs(h.platform.database.db, tenantId, rec.id) };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('no closed call record');
  }

  const talk: CallerPlan = { kind: 'talk', talkMs: 500, hangup: 'caller' };
  const rung = (legs: CallLeg[]) => legs.map((l) => `${l.target}:${l.result}`);

  test('R2 top-down: the first phone is busy, the second answers', async () => {
    await configure([A, B], { default: { distribution: { strategy: 'top-down' } } });
    const { rec, legs } = await call(BEIJING_CALLER, talk, { [A]: 'busy', [B]: 'answer' }, 2);
    assert.equal(rec.outcome, 'answered');
    assert.equal(rec.answeringNumber, B);
    assert.deepEqual(rung(legs), [`${A}:busy`, `${B}:answered`]);
  });

  test('R2 simultaneous: both ring at once; the answer cancels the other (no ring timeout in between)', async () => {
    await configure([A, B], { default: { distribution: { strategy: 'simultaneous' }, ringTimeoutSeconds: 30 } });
    const { rec, legs } = await call(BEIJING_CALLER, talk, { [A]: 'ring-forever', [B]: 'answer' }, 2);
    assert.equal(rec.answeringNumber, B);
    assert.deepEqual(rung(legs).sort(), [`${A}:cancelled`, `${B}:answered`]);
  });

  test('R3 time plan on an injected clock: a holiday goes to the closed plan, an adjusted Sunday to the working-day plan', async () => {
    await configure([A, B], {
      groups: { office: { phones: [A] }, duty: { phones: [B] } },
      schedule: { windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00', group: 'office' }], closed: { group: 'duty' } },
    });
    try {
      setWallTime('2025-10-01T02:00:00Z'); // Wednesday 10:00, National Day
      const holiday = await call(BEIJING_CALLER, talk, { [B]: 'answer' }, 1);
      assert.deepEqual(rung(holiday.legs), [`${B}:answered`]);
      setWallTime('2025-09-28T02:00:00Z'); // Sunday 10:00, worked in lieu (调休)
      const sunday = await call(BEIJING_CALLER, talk, { [A]: 'answer' }, 1);
      assert.deepEqual(rung(sunday.legs), [`${A}:answered`]);
      setWallTime('2025-09-30T02:00:00Z'); // an ordinary Tuesday 10:00
      await configure([A], { schedule: { windows: [{ days: ['mon'], from: '09:00', to: '18:00' }], closed: { refuse: true, reason: 'Closed Today' } } });
      const closed = await call(BEIJING_CALLER, { kind: 'expect-failure', status: 480 }, {}, 0);
      assert.equal(closed.rec.outcome, 'closed');
      assert.equal(closed.rec.sipReason, 'Closed Today');
    } finally {
      setWallTime('2025-09-29T02:00:00Z');
    }
  });

  test('R4 caller region: North China → A, South China → C', async () => {
    await configure([A, B, C], {
      groups: { north: { phones: [A, B] }, south: { phones: [C] } },
      regionRules: [{ name: 'North China', regions: [{ province: '北京' }, { province: '天津' }], group: 'north' }, { name: 'South China', regions: [{ province: '广东' }], group: 'south' }],
    });
    const north = await call(BEIJING_CALLER, talk, { [A]: 'answer' }, 1);
    assert.equal(north.rec.callerProvince, '北京市');
    assert.deepEqual(rung(north.legs), [`${A}:answered`]);
    const south = await call(GUANGZHOU_CALLER, talk, { [C]: 'answer' }, 1);
    assert.equal(south.rec.callerProvince, '广东省');
    assert.deepEqual(rung(south.legs), [`${C}:answered`]);
  });

  test('R5 forwarding on busy: the bound phone and the first forward are busy, the second forward answers', async () => {
    await configure([A], { forwarding: { onBusy: [F1, F2], onNoAnswer: [C] } });
    const { rec, legs } = await call(BEIJING_CALLER, talk, { [A]: 'busy', [F1]: 'busy', [F2]: 'answer' }, 3);
    assert.equal(rec.outcome, 'answered');
    assert.equal(rec.answeringNumber, F2);
    assert.deepEqual(rung(legs), [`${A}:busy`, `${F1}:busy`, `${F2}:answered`]);
  });

  test('R5 forwarding on no answer: the bound phone rings out its 5 s, the no-answer number answers', async () => {
    await configure([A], { default: { ringTimeoutSeconds: 5 }, forwarding: { onBusy: [F1], onNoAnswer: [F2], ringTimeoutSeconds: 10 } });
    const { rec, legs } = await call(BEIJING_CALLER, talk, { [A]: 'ring-forever', [F2]: 'answer' }, 2);
    assert.equal(rec.answeringNumber, F2);
    assert.deepEqual(rung(legs), [`${A}:no_answer`, `${F2}:answered`]);
  });

  test('R6 a blacklisted caller is declined (603) before anything rings; the record says blocked', async () => {
    await configure([A], { blocking: { numbers: [BEIJING_CALLER], anonymous: true } });
    const { rec, legs } = await call(BEIJING_CALLER, { kind: 'expect-failure', status: 603 }, {}, 0);
    assert.equal(rec.outcome, 'blocked');
    assert.equal(rec.sipStatus, 603);
    assert.equal(rec.sipReason, 'Caller Blocked');
    assert.equal(rec.callerNumber, `+86${BEIJING_CALLER}`);
    assert.deepEqual(legs, []);
    const anon = await call('anonymous', { kind: 'expect-failure', status: 603 }, {}, 0);
    assert.equal(anon.rec.outcome, 'blocked');
    assert.equal(anon.rec.sipReason, 'Anonymous Calls Not Accepted');
  });

  test('R14 call memory: a repeat caller goes first to the phone that answered last time', async () => {
    await configure([A, B], { memory: { days: 30 } });
    const first = await call(GUANGZHOU_CALLER, talk, { [A]: 'busy', [B]: 'answer' }, 2);
    assert.equal(first.rec.answeringNumber, B);
    const again = await call(GUANGZHOU_CALLER, talk, { [A]: 'answer', [B]: 'answer' }, 1);
    assert.deepEqual(rung(again.legs), [`${B}:answered`]);
    // A caller never answered before has no memory: top-down, A first.
    const stranger = await call(STRANGER, talk, { [A]: 'answer', [B]: 'answer' }, 1);
    assert.deepEqual(rung(stranger.legs), [`${A}:answered`]);
    assert.equal(stranger.rec.callerNumber, `+86${STRANGER}`);
  });
});

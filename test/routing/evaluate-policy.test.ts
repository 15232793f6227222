import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePolicy } from '../../src/routing/evaluate-policy.ts';
import type { PolicyDecision, PolicyInput } from '../../src/routing/evaluate-policy.ts';
import { DistributionState } from '../../src/routing/distribution-state.ts';
import { localTime } from '../../src/routing/local-time.ts';
import type { NumberPolicy } from '../../src/routing/number-policy.ts';
import { validatePolicy } from '../../src/routing/number-policy.ts';
import type { BoundPhone } from '../../src/routing/bound-phone.ts';
import type { CallerInfo } from '../../src/phone/caller-info.ts';
import { describeCaller } from '../../src/phone/caller-info.ts';

const A: BoundPhone = { kind: 'pstn', target: '+8613800000001' };
const B: BoundPhone = { kind: 'pstn', target: '+8613800000002' };
const C: BoundPhone = { kind: 'pstn', target: '+8613800000003' };
const S: BoundPhone = { kind: 'sip', target: '1001' };
const PHONES = [A, B, C, S];

const BEIJING: CallerInfo = { number: '+8613912345678', valid: true, kind: 'mobile', province: '北京市', city: '北京市' };
const SHENZHEN: CallerInfo = { number: '+8613512345678', valid: true, kind: 'mobile', province: '广东省', city: '深圳市' };
// Monday 2025-09-29 10:00 in Shanghai.
const MONDAY_10 = new Date('2025-09-29T02:00:00Z');

function run(policy: NumberPolicy, over: Partial<PolicyInput> = {}): PolicyDecision {
  return evaluatePolicy({
    policy: validatePolicy(policy),
    phones: PHONES,
    caller: BEIJING,
    rawCaller: '13912345678',
    now: localTime(MONDAY_10, 'Asia/Shanghai'),
    lastCallEnd: new Map(),
    state: new DistributionState({ seed: 1 }),
    key: 't/4006123456',
    defaultRingTimeoutMs: 20000,
    ...over,
  });
}

function dial(d: PolicyDecision): Extract<PolicyDecision, { kind: 'dial' }> {
  assert.equal(d.kind, 'dial', JSON.stringify(d));
  return d as Extract<PolicyDecision, { kind: 'dial' }>;
}
const targets = (d: PolicyDecision) => dial(d).phones.map((p) => p.target);

describe('R2 distribution', () => {
  test('no policy content: every bound phone top-down', () => {
    const d = dial(run({}));
    assert.deepEqual(d.phones, PHONES);
    assert.equal(d.strategy, 'sequential');
    assert.equal(d.ringTimeoutMs, 20000);
  });

  test('simultaneous rings the group at once; group order and ring timeout are the group’s', () => {
    const d = dial(run({ default: { phones: ['13800000003', '1001'], distribution: { strategy: 'simultaneous' }, ringTimeoutSeconds: 15 } }));
    assert.deepEqual(d.phones, [C, S]);
    assert.equal(d.strategy, 'simultaneous');
    assert.equal(d.ringTimeoutMs, 15000);
  });

  test('round-robin starts one further each call and wraps; the rest follow as fallbacks', () => {
    const state = new DistributionState();
    const policy: NumberPolicy = { default: { phones: ['+8613800000001', '+8613800000002', '+8613800000003'], distribution: { strategy: 'round-robin' } } };
    const firsts = Array.from({ length: 4 }, () => targets(run(policy, { state })));
    assert.deepEqual(firsts[0], [A.target, B.target, C.target]);
    assert.deepEqual(firsts[1], [B.target, C.target, A.target]);
    assert.deepEqual(firsts[2], [C.target, A.target, B.target]);
    assert.deepEqual(firsts[3], [A.target, B.target, C.target]);
  });

  test('percentage: over 10 000 decisions every phone’s share is within ±1 point of its weight', () => {
    const weights = [{ phone: '13800000001', percent: 50 }, { phone: '13800000002', percent: 33 }, { phone: '13800000003', percent: 16 }, { phone: '1001', percent: 1 }];
    const state = new DistributionState({ seed: 42 });
    const counts = new Map<string, number>();
    for (let i = 0; i < 10000; i++) {
      const first = targets(run({ default: { distribution: { strategy: 'percentage', weights } } }, { state }))[0] ?? '';
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    const expected = new Map([[A.target, 50], [B.target, 33], [C.target, 16], [S.target, 1]]);
    for (const [t, pct] of expected) {
      const share = ((counts.get(t) ?? 0) / 10000) * 100;
      assert.ok(Math.abs(share - pct) <= 1, `${t}: ${share}% for weight ${pct}%`);
    }
  });

  test('percentage order is random within each block of 100 (not a fixed rotation)', () => {
    const weights = [{ phone: '13800000001', percent: 50 }, { phone: '13800000002', percent: 50 }];
    const state = new DistributionState({ seed: 7 });
    const seq = Array.from({ length: 100 }, () => targets(run({ default: { distribution: { strategy: 'percentage', weights } } }, { state }))[0]).join(',');
    const alternating = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? A.target : B.target)).join(',');
    assert.notEqual(seq, alternating);
  });

  test('longest-idle: the phone whose last call ended longest ago rings first; never-used phones before all', () => {
    const lastCallEnd = new Map([[A.target, 3000], [B.target, 1000], [C.target, 2000]]);
    assert.deepEqual(targets(run({ default: { distribution: { strategy: 'longest-idle' } } }, { lastCallEnd })), [S.target, B.target, C.target, A.target]);
  });
});

describe('R3 time plans', () => {
  const policy: NumberPolicy = {
    groups: { office: { phones: ['13800000001'] }, duty: { phones: ['13800000002'] } },
    schedule: { windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00', group: 'office' }], closed: { group: 'duty' } },
  };
  const at = (iso: string) => localTime(new Date(iso), 'Asia/Shanghai');

  test('inside a weekday window → the window’s group; outside → the closed plan', () => {
    assert.deepEqual(targets(run(policy, { now: at('2025-09-29T02:00:00Z') })), [A.target]);
    assert.deepEqual(targets(run(policy, { now: at('2025-09-29T10:00:00Z') })), [B.target], '18:00 local is closed');
    assert.deepEqual(targets(run(policy, { now: at('2025-09-29T00:59:00Z') })), [B.target], '08:59 local is closed');
  });

  test('the window is read in the tenant’s zone, not UTC', () => {
    // 01:30 UTC is 09:30 in Shanghai (open) but 02:30 in London (closed).
    assert.deepEqual(targets(run(policy, { now: localTime(new Date('2025-09-29T01:30:00Z'), 'Asia/Shanghai') })), [A.target]);
    assert.deepEqual(targets(run(policy, { now: localTime(new Date('2025-09-29T01:30:00Z'), 'Europe/London') })), [B.target]);
  });

  test('a statutory holiday on a weekday follows the closed plan', () => {
    // Wednesday 2025-10-01 10:00, National Day.
    assert.deepEqual(targets(run(policy, { now: at('2025-10-01T02:00:00Z') })), [B.target]);
  });

  test('an adjusted working Sunday (调休) follows the working-day plan', () => {
    // Sunday 2025-09-28 is worked in exchange for National Day; a plain Sunday is closed.
    assert.deepEqual(targets(run(policy, { now: at('2025-09-28T02:00:00Z') })), [A.target]);
    assert.deepEqual(targets(run(policy, { now: at('2025-09-21T02:00:00Z') })), [B.target]);
  });

  test('holidays: none ignores the calendar; a holiday window serves holidays', () => {
    const ignore = { ...policy, schedule: { ...policy.schedule!, holidays: 'none' as const } };
    assert.deepEqual(targets(run(ignore, { now: at('2025-10-01T02:00:00Z') })), [A.target]);
    const holidayDesk: NumberPolicy = { ...policy, groups: { ...policy.groups, holiday: { phones: ['1001'] } }, schedule: { ...policy.schedule!, windows: [...policy.schedule!.windows, { days: ['holiday'], from: '10:00', to: '16:00', group: 'holiday' }] } };
    assert.deepEqual(targets(run(holidayDesk, { now: at('2025-10-01T02:00:00Z') })), [S.target]);
  });

  test('closed with refuse → a refusal recorded as closed', () => {
    const d = run({ schedule: { windows: [{ days: ['sat'], from: '00:00', to: '24:00' }], closed: { refuse: true, reason: 'Outside Office Hours' } } });
    assert.deepEqual(d, { kind: 'refuse', outcome: 'closed', status: 480, reason: 'Outside Office Hours', rule: 'outside-hours' });
  });
});

describe('R4 caller region', () => {
  const policy: NumberPolicy = {
    groups: { north: { phones: ['13800000001', '13800000002'] }, south: { phones: ['13800000003', '1001'] } },
    regionRules: [
      { name: 'North China', regions: [{ province: '北京' }, { province: '天津市' }, { province: '河北省' }], group: 'north' },
      { name: 'South China', regions: [{ province: '广东省', city: '深圳' }, { province: '广西' }], group: 'south' },
    ],
    default: { phones: ['1001'] },
  };
  test('north and south callers reach their groups; others the default', () => {
    assert.deepEqual(targets(run(policy)), [A.target, B.target]);
    assert.deepEqual(targets(run(policy, { caller: SHENZHEN })), [C.target, S.target]);
    assert.deepEqual(targets(run(policy, { caller: { ...SHENZHEN, city: '广州市' } })), [S.target]);
    assert.deepEqual(targets(run(policy, { caller: { number: '+12025550123', valid: true, kind: 'landline' } })), [S.target]);
  });
  test('a landline is placed by its area code (geocoder), e.g. 020 → Guangzhou', async () => {
    const caller = await describeCaller('02087654321');
    assert.equal(caller.areaCode, '020');
    const p: NumberPolicy = { ...policy, regionRules: [{ regions: [{ province: '广东' }], group: 'south' }] };
    assert.deepEqual(targets(run(p, { caller, rawCaller: '02087654321' })), [C.target, S.target]);
  });
  test('a time window’s own group wins over region rules', () => {
    const p: NumberPolicy = { ...policy, groups: { ...policy.groups, all: {} }, schedule: { windows: [{ days: ['mon'], from: '00:00', to: '24:00', group: 'all' }], closed: { refuse: true } } };
    assert.deepEqual(targets(run(p, { caller: SHENZHEN })), PHONES.map((x) => x.target));
  });
});

describe('R6 blocking', () => {
  const blocked = (policy: NumberPolicy, over: Partial<PolicyInput> = {}) => {
    const d = run(policy, over);
    return d.kind === 'refuse' && d.outcome === 'blocked' ? d.rule : undefined;
  };
  test('anonymous callers are refused only when asked', () => {
    assert.equal(blocked({ blocking: { anonymous: true } }, { rawCaller: 'anonymous', caller: { number: 'anonymous', valid: false, kind: 'unknown' } }), 'anonymous');
    assert.equal(blocked({ blocking: { anonymous: false } }, { rawCaller: 'anonymous', caller: { number: 'anonymous', valid: false, kind: 'unknown' } }), undefined);
  });
  test('blacklist by full number in any form, by prefix and by area code', () => {
    assert.equal(blocked({ blocking: { numbers: ['13912345678'] } }), 'number');
    assert.equal(blocked({ blocking: { numbers: ['+8613912345678'] } }), 'number');
    assert.equal(blocked({ blocking: { numbers: ['13912345679'] } }), undefined);
    assert.equal(blocked({ blocking: { prefixes: ['1391234'] } }), 'prefix');
    assert.equal(blocked({ blocking: { prefixes: ['170'] } }), undefined);
    const landline: CallerInfo = { number: '+862087654321', valid: true, kind: 'landline', areaCode: '020', province: '广东省', city: '广州市' };
    assert.equal(blocked({ blocking: { areaCodes: ['020'] } }, { caller: landline, rawCaller: '02087654321' }), 'area-code');
    assert.equal(blocked({ blocking: { prefixes: ['02087'] } }, { caller: landline, rawCaller: '02087654321' }), 'prefix');
    assert.equal(blocked({ blocking: { areaCodes: ['010'] } }, { caller: landline, rawCaller: '02087654321' }), undefined);
  });
  test('deny and allow-only region lists; an unknown region is not allowed under allow-only', () => {
    assert.equal(blocked({ blocking: { regions: { mode: 'deny', regions: [{ province: '北京' }] } } }), 'region-deny');
    assert.equal(blocked({ blocking: { regions: { mode: 'deny', regions: [{ province: '北京' }] } } }, { caller: SHENZHEN }), undefined);
    assert.equal(blocked({ blocking: { regions: { mode: 'allow', regions: [{ province: '广东' }] } } }), 'region-not-allowed');
    assert.equal(blocked({ blocking: { regions: { mode: 'allow', regions: [{ province: '广东' }] } } }, { caller: SHENZHEN }), undefined);
    assert.equal(blocked({ blocking: { regions: { mode: 'allow', regions: [{ province: '广东' }] } } }, { caller: { number: '+12025550123', valid: true, kind: 'landline' } }), 'region-not-allowed');
  });
  test('the refusal is 603 Decline unless 403 is chosen, and blocking goes before the time plan', () => {
    const d = run({ blocking: { numbers: ['13912345678'], status: 403 }, schedule: { windows: [], closed: { refuse: true } } });
    assert.deepEqual(d, { kind: 'refuse', outcome: 'blocked', status: 403, reason: 'Caller Blocked', rule: 'number' });
    assert.equal((run({ blocking: { numbers: ['13912345678'] } }) as { status: number }).status, 603);
  });
});

describe('R5 forwarding and R14 call memory', () => {
  test('forwarding numbers, limit and ring timeout ride along with the plan', () => {
    const d = dial(run({ forwarding: { onBusy: ['13900000001', '13900000002'], onNoAnswer: ['01012345678'], ringTimeoutSeconds: 10 } }));
    assert.deepEqual(d.forwarding, { onBusy: ['13900000001', '13900000002'], onNoAnswer: ['01012345678'], maxForwards: 3, ringTimeoutMs: 10000 });
    assert.equal(dial(run({ forwarding: { onBusy: ['13900000001'], maxForwards: 1 } })).forwarding?.maxForwards, 1);
    assert.equal(dial(run({})).forwarding, undefined);
  });

  test('the phone that last answered the caller rings first, alone; without memory the normal order holds', () => {
    const policy: NumberPolicy = { memory: { days: 30 }, default: { distribution: { strategy: 'simultaneous' } } };
    const d = dial(run(policy, { lastAnsweredBy: '13800000003' }));
    assert.deepEqual(d.phones.map((p) => p.target), [C.target, A.target, B.target, S.target]);
    assert.equal(d.strategy, 'sequential');
    assert.equal(d.memoryHit, true);
    assert.equal(dial(run({ default: {} }, { lastAnsweredBy: '13800000003' })).memoryHit, false, 'memory off');
    assert.equal(dial(run(policy, { lastAnsweredBy: '13899999999' })).memoryHit, false, 'no longer bound');
    assert.deepEqual(targets(run(policy, { lastAnsweredBy: '1001' }))[0], S.target);
  });
});

describe('policy validation', () => {
  test('bad policies are refused with every problem listed', () => {
    assert.throws(() => validatePolicy({ default: { distribution: { strategy: 'percentage', weights: [{ phone: 'a', percent: 60 }, { phone: 'b', percent: 30 }] } } }), /sum to 100/);
    assert.throws(() => validatePolicy({ regionRules: [{ regions: [{ province: '北京' }], group: 'nope' }] }), /no group named 'nope'/);
    assert.throws(() => validatePolicy({ forwarding: { onBusy: ['1', '2', '3'] } }), /INVALID_POLICY|not valid/);
    assert.throws(() => validatePolicy({ forwarding: { maxForwards: 4 } }), /not valid/);
    assert.throws(() => validatePolicy({ schedule: { windows: [{ days: ['mon'], from: '25:00', to: '26:00' }], closed: { refuse: true } } }), /not valid/);
    assert.throws(() => validatePolicy({ surprise: true }), /not valid/);
    assert.throws(() => validatePolicy(null), /not valid/);
  });
  test('a policy survives a JSON round trip unchanged (it is data)', () => {
    const p: NumberPolicy = { groups: { a: { phones: ['1001'], distribution: { strategy: 'round-robin' } } }, schedule: { windows: [{ days: ['mon', 'holiday'], from: '08:00', to: '20:30', group: 'a' }], holidays: 'cn', adjustedWorkdayAs: 'fri', closed: { group: 'a' } }, memory: { days: 7 } };
    assert.deepEqual(validatePolicy(JSON.parse(JSON.stringify(p))), p);
  });
});

describe('queue groups (C9)', () => {
  const queues = new Set(['sales', 'support']);
  const policy: NumberPolicy = {
    groups: { sales: { queue: 'sales' }, night: { queue: 'support' } },
    schedule: { windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00', group: 'sales' }], holidays: 'none', closed: { group: 'night' } },
  };

  test('a time plan sends the call to a queue by day and to another after hours', () => {
    const p = validatePolicy(policy, queues);
    const base = { policy: p, phones: PHONES, caller: BEIJING, rawCaller: '13912345678', lastCallEnd: new Map<string, number>(), state: new DistributionState({ seed: 1 }), key: 't/4006123456', defaultRingTimeoutMs: 20000 };
    assert.deepEqual(evaluatePolicy({ ...base, now: localTime(MONDAY_10, 'Asia/Shanghai') }), { kind: 'queue', group: 'sales', queue: 'sales' });
    // Monday 20:00 in Shanghai: closed → the night group, a queue.
    assert.deepEqual(evaluatePolicy({ ...base, now: localTime(new Date('2025-09-29T12:00:00Z'), 'Asia/Shanghai') }), { kind: 'queue', group: 'night', queue: 'support' });
  });

  test('blocking still comes first', () => {
    const d = evaluatePolicy({ policy: validatePolicy({ ...policy, blocking: { numbers: ['13912345678'] } }, queues), phones: PHONES, caller: BEIJING, rawCaller: '13912345678', now: localTime(MONDAY_10, 'Asia/Shanghai'), lastCallEnd: new Map(), state: new DistributionState({ seed: 1 }), key: 'k', defaultRingTimeoutMs: 1 });
    assert.equal(d.kind, 'refuse');
  });

  test('an unknown queue, or a queue group with phones, is refused with its path', () => {
    assert.throws(() => validatePolicy(policy), /\/groups\/sales\/queue: no queue named 'sales'/);
    assert.throws(() => validatePolicy({ default: { queue: 'nope' } }, queues), /\/default\/queue: no queue named 'nope'/);
    assert.throws(() => validatePolicy({ default: { queue: 'sales', phones: ['1001'] } }, queues), /a queue group has no phones/);
    assert.throws(() => validatePolicy({ default: { queue: '' } }, queues), /not valid/);
  });
});

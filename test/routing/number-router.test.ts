import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NumberRouter } from '../../src/routing/number-router.ts';
import type { RoutingDirectory } from '../../src/routing/number-router.ts';
import type { NumberPolicy } from '../../src/routing/number-policy.ts';
import type { BoundPhone } from '../../src/routing/bound-phone.ts';
import type { Trunk } from '../../src/trunks/trunk.ts';
import type { RouteDecision } from '../../src/calls/ports.ts';
import { nextForward } from '../../src/calls/call-outcome.ts';
import type { ForwardsUsed } from '../../src/calls/call-outcome.ts';
import { describeCaller } from '../../src/phone/caller-info.ts';

const TRUNK = { id: 'tr1', name: 'carrier', enabled: true, proxy: { host: '10.0.0.1', port: 5060, transport: 'udp' } } as unknown as Trunk;

function directory(opts: { phones: BoundPhone[]; policy?: NumberPolicy; lastAnswered?: string; ends?: Map<string, number>; seen?: { since?: Date } }): RoutingDirectory {
  return {
    trunkForAddress: () => TRUNK,
    outboundTrunk: () => TRUNK,
    findActiveNumber: async (n) => (n === '4006123456' ? { tenantId: 't1' } : undefined),
    boundPhones: async () => opts.phones,
    ratedCallTypes: async () => new Set<string>(),
    tenantOutbound: async (tenantId) => ({ tenantId, allowedCountryCodes: [], outsideTransfers: false, suspended: null }),
    locateUser: async (_tenant, u) => [{ uri: `sip:${u}@10.0.0.9`, target: { transport: 'udp', host: '10.0.0.9', port: 5062 } }],
    numberPolicy: async () => opts.policy,
    tenantTimeZone: async () => 'Asia/Shanghai',
    lastAnsweredBy: async (_t, _n, _c, since) => {
      if (opts.seen) opts.seen.since = since;
      return opts.lastAnswered;
    },
    lastCallEnds: async () => opts.ends ?? new Map(),
    describeCaller,
  };
}

const PHONES: BoundPhone[] = [{ kind: 'pstn', target: '+8613800000001' }, { kind: 'pstn', target: '+861012345678' }, { kind: 'sip', target: '1001' }];
const NOW = new Date('2025-09-29T02:00:00Z');
const route = (dir: RoutingDirectory, caller = '13910000000') =>
  new NumberRouter(dir, { ringTimeoutMs: 20000, now: () => NOW }).route({ dialled: '4006123456', caller, source: { kind: 'trunk', trunkId: 'tr1', name: 'carrier' } });
const dial = (d: RouteDecision) => {
  assert.equal(d.kind, 'dial', JSON.stringify(d));
  return d as Extract<RouteDecision, { kind: 'dial' }>;
};
const numbers = (d: RouteDecision) => dial(d).targets.map((t) => (t.kind === 'pstn' ? t.number : t.username));

describe('NumberRouter', () => {
  test('no policy: bound phones top-down; carriers get national numbers (mobiles bare, landlines with 0)', async () => {
    const d = dial(await route(directory({ phones: PHONES })));
    assert.deepEqual(numbers(d), ['13800000001', '01012345678', '1001']);
    assert.equal(d.strategy, 'sequential');
    assert.equal(d.forwarding, undefined);
    assert.equal(d.refusal, undefined);
  });

  test('an agent test-calling its own number: its own phone is skipped, PSTN legs show the 400 number', async () => {
    const agent = (username: string) =>
      new NumberRouter(directory({ phones: PHONES }), { ringTimeoutMs: 20000, now: () => NOW }).route({ dialled: '4006123456', caller: username, source: { kind: 'user', username, tenantId: 't1' } });
    const d = dial(await agent('1001'));
    assert.deepEqual(numbers(d), ['13800000001', '01012345678']);
    assert.equal(d.pstnCallerId, '4006123456');
    assert.deepEqual(numbers(dial(await agent('1002'))), ['13800000001', '01012345678', '1001'], 'another agent rings 1001');
    const onlySelf = await new NumberRouter(directory({ phones: [{ kind: 'sip', target: '1001' }] }), { ringTimeoutMs: 1 }).route({ dialled: '4006123456', caller: '1001', source: { kind: 'user', username: '1001', tenantId: 't1' } });
    assert.deepEqual(onlySelf, { kind: 'reject', status: 480, reason: 'No Other Bound Phone' });
    assert.equal(dial(await route(directory({ phones: PHONES }))).pstnCallerId, undefined, 'a carrier caller is shown as itself');
  });

  test('a blocked caller becomes a recorded refusal with no targets', async () => {
    const d = dial(await route(directory({ phones: PHONES, policy: { blocking: { prefixes: ['139'] } } })));
    assert.deepEqual(d.targets, []);
    assert.deepEqual(d.refusal, { status: 603, reason: 'Caller Blocked', outcome: 'blocked' });
  });

  test('a blocked caller is recorded even when the number has no bound phones; an unknown number is 404', async () => {
    assert.equal(dial(await route(directory({ phones: [], policy: { blocking: { anonymous: true } } }), 'anonymous')).refusal?.outcome, 'blocked');
    assert.deepEqual(await route(directory({ phones: [] })), { kind: 'reject', status: 480, reason: 'No Bound Phone' });
    const unknown = await new NumberRouter(directory({ phones: PHONES }), { ringTimeoutMs: 1 }).route({ dialled: '4009999999', caller: '1', source: { kind: 'trunk', trunkId: 'tr1', name: 'c' } });
    assert.equal(unknown.kind, 'reject');
  });

  test('a group whose phones are all unbound is 480, not a dial plan with nobody to ring', async () => {
    assert.deepEqual(await route(directory({ phones: PHONES, policy: { default: { phones: ['13899999999'] } } })), { kind: 'reject', status: 480, reason: 'No Bound Phone' });
  });

  test('forwarding numbers become PSTN targets through the trunk', async () => {
    const d = dial(await route(directory({ phones: PHONES, policy: { forwarding: { onBusy: ['13900000001', '+8613900000002'], onNoAnswer: ['02012345678'], maxForwards: 2, ringTimeoutSeconds: 8 } } })));
    const f = d.forwarding;
    assert.ok(f);
    assert.deepEqual(f.onBusy.map((t) => (t.kind === 'pstn' ? t.number : '')), ['13900000001', '13900000002']);
    assert.deepEqual(f.onNoAnswer.map((t) => (t.kind === 'pstn' ? t.number : '')), ['02012345678']);
    assert.equal(f.maxForwards, 2);
    assert.equal(f.ringTimeoutMs, 8000);
  });

  test('call memory asks for the last N days and matches the record’s answering number', async () => {
    const seen: { since?: Date } = {};
    const d = await route(directory({ phones: PHONES, policy: { memory: { days: 7 } }, lastAnswered: '01012345678', seen }));
    assert.deepEqual(numbers(d), ['01012345678', '13800000001', '1001']);
    assert.equal(seen.since?.toISOString(), '2025-09-22T02:00:00.000Z');
  });

  test('longest-idle reads last call ends keyed by answering number', async () => {
    const ends = new Map([['13800000001', 5000], ['01012345678', 1000], ['1001', 3000]]);
    const d = await route(directory({ phones: PHONES, policy: { default: { distribution: { strategy: 'longest-idle' } } }, ends }));
    assert.deepEqual(numbers(d), ['01012345678', '1001', '13800000001']);
  });

  test('a policy change is read on the next call', async () => {
    const dir = directory({ phones: PHONES });
    assert.equal(numbers(await route(dir))[0], '13800000001');
    dir.numberPolicy = async () => ({ default: { phones: ['1001'] } });
    assert.deepEqual(numbers(await route(dir)), ['1001']);
  });
});

describe('R5 forwarding stages (call control)', () => {
  const t = (n: string) => ({ kind: 'pstn' as const, number: n, trunkId: 'tr1', proxyHost: 'h', proxy: { transport: 'udp' as const, host: 'h', port: 5060 } });
  const busy = { status: 486, reason: 'Busy Here', outcome: 'busy' as const };
  const noAnswer = { status: 480, reason: 'No Answer', outcome: 'no_answer' as const };
  const failed = { status: 480, reason: 'Unreachable', outcome: 'failed' as const };
  const stages = { onBusy: [t('b1'), t('b2')], onNoAnswer: [t('n1'), t('n2')], maxForwards: 3, ringTimeoutMs: 5000 };

  test('each cause takes its own list in order; at most 3 forwards per call', () => {
    const used: ForwardsUsed = { busy: 0, noAnswer: 0, total: 0 };
    const picks = [busy, noAnswer, busy, busy].map((s) => nextForward(stages, used, s));
    assert.deepEqual(picks.map((p) => (p?.kind === 'pstn' ? p.number : undefined)), ['b1', 'n1', 'b2', undefined]);
    assert.deepEqual(used, { busy: 2, noAnswer: 1, total: 3 });
  });

  test('a spent list ends forwarding; an unreachable phone counts as not answering; maxForwards below 3 holds', () => {
    const used: ForwardsUsed = { busy: 0, noAnswer: 0, total: 0 };
    assert.equal(nextForward({ ...stages, onBusy: [] }, used, busy), undefined);
    assert.equal(nextForward(stages, used, failed)?.kind, 'pstn');
    const one: ForwardsUsed = { busy: 0, noAnswer: 0, total: 0 };
    assert.ok(nextForward({ ...stages, maxForwards: 1 }, one, busy));
    assert.equal(nextForward({ ...stages, maxForwards: 1 }, one, noAnswer), undefined);
  });
});

/**
 * Issue 13, the call side over real SIP: SIPp callers through the trunk reach a 400 number whose
 * routing sends them to an ACD queue; agents are baresip softphones registered as the tenant's SIP
 * users (or, for C15, a SIPp UAS standing in for an agent's mobile behind the trunk). Each test
 * checks SIPp's verdict, the call record and its legs, and for what the caller heard, the RTP
 * itself: the decoded audio must contain the hold music and the agent's 工号 announcement.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rtpProbe } from '../support/rtp-probe.ts';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { freeBaresipPort, startBaresip } from '../support/baresip-process.ts';
import type { Baresip } from '../support/baresip-process.ts';
import { until } from '../support/until.ts';
import { bestMatch, decodeG711Rtp, wavSlice } from '../support/audio-match.ts';
import { mobileAgentScenario, queueCallerScenario } from './queue-sipp-scenarios.ts';
import type { QueueCallerPlan } from './queue-sipp-scenarios.ts';
import { listCallRecords } from '../../src/cdr/call-record-store.ts';
import { listCallLegs } from '../../src/cdr/call-leg-store.ts';
import type { CallRecord } from '../../src/cdr/call-record.ts';
import { MEMBERSHIP_DEFAULTS, QUEUE_DEFAULTS } from '../../src/acd/acd-model.ts';
import type { AgentPhone, QueueSettings } from '../../src/acd/acd-model.ts';
import { DEFAULT_HOLD_MUSIC } from '../../src/calls/hold-music.ts';
import { queuePhrasePath } from '../../src/acd/queue-call/queue-prompts.ts';

const NUMBER = '4006123456';
const CALLER = '13912345678';
const AGENTS = ['8001', '8002', '8003'];
const MOBILE = '13800138009';

describe('a call in a queue, with SIPp callers and baresip agents', () => {
  let h: Harness;
  let tenantId: string;
  let trunkPort: number;
  const phones = new Map<string, Baresip>();
  let rtpBase = 46000 + (process.pid % 40) * 40;

  before(async () => {
    h = await startHarness();
    trunkPort = await freeUdpPort();
    const users = AGENTS.map((a) => ({ username: `agent${a}`, role: 'agent' as const, agentId: a, sip: { username: a, password: `secret-${a}` } }));
    await h.provision({
      trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: trunkPort, transport: 'udp' } }],
      tenants: [{ ...tenantWithNumber(NUMBER, [], users) }],
    });
    tenantId = (await h.platform.database.db.withTables<{ tenants: { id: string; code: string } }>().selectFrom('tenants').select('id').where('code', '=', 'acme').executeTakeFirstOrThrow()).id;
    queue('sales', { name: '销售' });
    queue('support', { name: '售后' });
    await setPolicy({ default: { queue: 'sales' } });
  });
  after(async () => {
    for (const p of phones.values()) await p.stop();
    await h?.stop();
  });

  function queue(id: string, s: Partial<QueueSettings>): void {
    h.platform.acd.engine.putQueue({ ...QUEUE_DEFAULTS, id, tenantId, name: id, announceEverySeconds: 0, ...s });
  }

  function agent(agentId: string, queues: { queueId: string; level?: number }[], phone: AgentPhone = { kind: 'sip', username: agentId }): void {
    h.platform.acd.engine.putAgent(
      { tenantId, userId: `u${agentId}`, agentId, displayName: `agent${agentId}`, phone, skills: new Map(), regions: [] },
      queues.map((q) => ({ ...MEMBERSHIP_DEFAULTS, queueId: q.queueId, userId: `u${agentId}`, level: q.level ?? 1 })),
    );
  }

  const ready = (agentId: string) => h.platform.acd.engine.logIn(tenantId, `u${agentId}`, 'agent');
  const logOut = (agentId: string) => {
    const state = h.platform.acd.engine.agent(tenantId, `u${agentId}`)?.status.state;
    if (state !== undefined && state !== 'logged_out') h.platform.acd.engine.logOut(tenantId, `u${agentId}`, 'supervisor');
  };

  async function setPolicy(policy: unknown): Promise<void> {
    const { setNumberPolicy } = await import('../../src/routing/number-policy-store.ts');
    await setNumberPolicy(h.platform.database.db, tenantId, NUMBER, policy, { queues: new Set(['sales', 'support', '销售', '售后']) });
  }

  /** A baresip registered as the agent's SIP user (auto answers, or rings on with 'manual'). */
  async function softphone(agentId: string, answerMode: 'auto' | 'manual' = 'auto'): Promise<void> {
    await phones.get(agentId)?.stop();
    const before = h.platform.registrar.bindingCount();
    const p = startBaresip({ sipPort: await freeBaresipPort(), registrar: `127.0.0.1:${h.platform.sipPort}`, username: agentId, password: `secret-${agentId}`, rtpPorts: `${rtpBase}-${rtpBase + 9}`, answerMode });
    rtpBase += 10;
    phones.set(agentId, p);
    await until(() => h.platform.registrar.bindingCount() > before || h.platform.registrar.lookup(`sip:${agentId}@${h.platform.settings.sipRealm}`).length > 0, `baresip ${agentId} to register`).catch((err: Error) => {
      throw new Error(`${err.message}\n${p.output()}`);
    });
  }

  async function call(plan: QueueCallerPlan, during?: () => Promise<void>): Promise<CallRecord> {
    const before = (await listCallRecords(h.platform.database.db, tenantId, { limit: 1 }))[0]?.id;
    const uac = startSipp({ scenario: queueCallerScenario(plan), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, keys: { caller: CALLER }, timeoutSeconds: 60 });
    await during?.();
    assertSippPassed(await uac.done, 'caller', h.logs());
    let r: CallRecord | undefined;
    await until(async () => {
      r = (await listCallRecords(h.platform.database.db, tenantId, { limit: 1 }))[0];
      return r !== undefined && r.id !== before && r.outcome !== null;
    }, 'the closed call record');
    return r!;
  }

  test('the caller waits with the music (C7), an agent logs in and is rung on the registered phone, the caller hears the 工号 (C6); the record has queue, wait and agent', async () => {
    for (const a of AGENTS) logOut(a);
    agent('8001', [{ queueId: 'sales' }]);
    queue('sales', { name: '销售', overflowWhenNoAgents: false, maxWaitSeconds: null, announceAgentId: true });
    await softphone('8001');
    const probe = await rtpProbe();
    try {
      const r = await call({ mediaPort: probe.port, hangUpAfterMs: 17_000 }, async () => {
        await new Promise((res) => setTimeout(res, 7000));
        ready('8001');
      });
      assert.equal(r.outcome, 'answered', h.logs());
      assert.equal(r.queueId, 'sales');
      assert.equal(r.agentId, '8001');
      assert.ok((r.queueWaitMs ?? 0) >= 3000, `waited ${r.queueWaitMs} ms`);
      const legs = await listCallLegs(h.platform.database.db, tenantId, r.id);
      assert.deepEqual(legs.map((l) => [l.target, l.result]), [['8001', 'answered']]);
      const heard = decodeG711Rtp(probe.packets);
      const music = bestMatch(heard, wavSlice(DEFAULT_HOLD_MUSIC.kind === 'file' ? DEFAULT_HOLD_MUSIC.path : '', 250, 1500));
      const agentId = bestMatch(heard, wavSlice(queuePhrasePath('agent-after', 'zh-CN')));
      assert.ok(music > 0.9, `the caller heard the hold music (correlation ${music.toFixed(3)})`);
      assert.ok(agentId > 0.9, `the caller heard "号话务员为您服务" (correlation ${agentId.toFixed(3)})`);
    } finally {
      probe.socket.close();
    }
  });

  test('C11: an agent whose phone is not answered in the ring time is skipped for the next', async () => {
    for (const a of AGENTS) logOut(a);
    queue('sales', { name: '销售', strategy: 'top_down', ringSeconds: 3, overflowWhenNoAgents: false, maxWaitSeconds: null, announceAgentId: false });
    agent('8001', [{ queueId: 'sales', level: 1 }]);
    agent('8002', [{ queueId: 'sales', level: 2 }]);
    await softphone('8001', 'manual');
    await softphone('8002');
    ready('8001');
    ready('8002');
    const r = await call({ hangUpAfterMs: 12_000 });
    assert.equal(r.outcome, 'answered', `${JSON.stringify(await listCallLegs(h.platform.database.db, tenantId, r.id))}\n${phones.get('8002')?.output()}\n${h.logs()}`);
    assert.equal(r.agentId, '8002');
    const legs = await listCallLegs(h.platform.database.db, tenantId, r.id);
    assert.deepEqual(legs.map((l) => [l.target, l.result]), [['8001', 'no_answer'], ['8002', 'answered']]);
  });

  test('C10: at the queue timeout the caller overflows to another queue, where an agent answers', async () => {
    for (const a of AGENTS) logOut(a);
    queue('sales', { name: '销售', maxWaitSeconds: 4, overflowWhenNoAgents: false, overflow: { kind: 'queue', queueId: 'support' }, announceAgentId: false });
    queue('support', { name: '售后', maxWaitSeconds: null, overflowWhenNoAgents: false, announceAgentId: false });
    agent('8003', [{ queueId: 'support' }]);
    await softphone('8003');
    ready('8003');
    const r = await call({ hangUpAfterMs: 15_000 });
    assert.equal(r.outcome, 'answered', h.logs());
    assert.equal(r.queueId, 'support');
    assert.equal(r.agentId, '8003');
    assert.ok((r.queueWaitMs ?? 0) >= 4000, `the wait counts from the first queue: ${r.queueWaitMs} ms`);
  });

  test('C15 + C5: an agent on their own mobile through the trunk confirms with 1, talks and hangs up; the caller keys a survey score', async () => {
    for (const a of AGENTS) logOut(a);
    queue('sales', { name: '销售', overflowWhenNoAgents: false, maxWaitSeconds: null, announceAgentId: true, surveyEnabled: true });
    agent('8002', [{ queueId: 'sales' }], { kind: 'mobile', number: `+86${MOBILE}` });
    ready('8002');
    const uas = startSipp({ scenario: mobileAgentScenario({ confirm: true, talkMs: 8000, expectCaller: CALLER }), port: trunkPort, mediaPort: nextMediaPort(), timeoutSeconds: 40 });
    await new Promise((res) => setTimeout(res, 300));
    const r = await call({ survey: { key: '4', keyAfterMs: 17_000 } });
    assertSippPassed(await uas.done, 'phone');
    assert.equal(r.outcome, 'answered', h.logs());
    assert.equal(r.agentId, '8002');
    assert.equal(r.surveyScore, 4);
    assert.equal(r.endedBy, 'platform', 'the platform thanked the caller and hung up after the survey');
    agent('8002', [{ queueId: 'sales' }]);
  });
});

/**
 * Wrap-up (issue 14) on a real call: the tenant admin keeps the wrap-up codes; a SIPp caller reaches
 * the queue and agent 8001's baresip phone answers; after the call the agent is in a timed wrap-up
 * whose end the state carries (the desk's countdown); the agent saves a code and a note on the call
 * record, which the call records and their own call history show. Another agent, a disabled or
 * unknown code, an empty wrap-up and an API key are refused, and nothing is saved.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { freeBaresipPort, startBaresip } from '../support/baresip-process.ts';
import type { Baresip } from '../support/baresip-process.ts';
import { FeedClient } from '../support/event-feed-client.ts';
import { until } from '../support/until.ts';
import { queueCallerScenario } from '../calls/queue-sipp-scenarios.ts';
import { listCallRecords } from '../../src/cdr/call-record-store.ts';
import { setNumberPolicy } from '../../src/routing/number-policy-store.ts';
import { createApiKey } from '../../src/api/auth/api-key-store.ts';
import { CALLER, NUMBER, startDeskFixture } from './desk-fixture.ts';
import type { DeskFixture } from './desk-fixture.ts';

let f: DeskFixture;
let phone: Baresip | undefined;

before(async () => {
  f = await startDeskFixture({ queue: { wrapUpMode: 'timed', wrapUpSeconds: 30 } });
});
after(async () => {
  await phone?.stop();
  await f?.stop();
});

interface Code { id: string; code: string; label: string; enabled: boolean }

test('wrap-up codes: the admin keeps them, agents read the enabled ones', async () => {
  const { admin, agents: [agent] } = f;
  for (const [code, label] of [['consult', '咨询'], ['complaint', '投诉'], ['old', '旧分类']]) {
    const r = await admin.request('POST', '/api/v1/desk/wrap-up-codes', { code, label });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  assert.equal((await admin.request('POST', '/api/v1/desk/wrap-up-codes', { code: 'consult', label: '又一个' })).status, 409);
  assert.equal((await admin.request('POST', '/api/v1/desk/wrap-up-codes', { code: 'has space', label: 'x' })).status, 400);
  assert.equal((await agent.session.request('POST', '/api/v1/desk/wrap-up-codes', { code: 'mine', label: 'x' })).status, 403);
  const all = (await admin.request('GET', '/api/v1/desk/wrap-up-codes')).body as { codes: Code[] };
  const old = all.codes.find((c) => c.code === 'old')!;
  const off = await admin.request('PATCH', `/api/v1/desk/wrap-up-codes/${old.id}`, { enabled: false });
  assert.equal(off.status, 200, JSON.stringify(off.body));
  const seen = (await agent.session.request('GET', '/api/v1/desk/wrap-up-codes')).body as { codes: Code[] };
  assert.deepEqual(seen.codes.map((c) => c.code).sort(), ['complaint', 'consult']);
  const staffSees = (await admin.request('GET', '/api/v1/desk/wrap-up-codes')).body as { codes: Code[] };
  assert.equal(staffSees.codes.length, 3);
});

test('after a queue call the agent is in a timed wrap-up with its end, and saves a code and note on the call they took', async () => {
  const { h, admin, agents: [agent, other] } = f;
  await setNumberPolicy(h.platform.database.db, f.tenantId, NUMBER, { default: { queue: '销售' } }, { queues: new Set(['销售']) });
  const before = h.platform.registrar.bindingCount();
  phone = startBaresip({ sipPort: await freeBaresipPort(), registrar: `127.0.0.1:${h.platform.sipPort}`, username: agent.sip, password: agent.sipPassword, rtpPorts: `${47000 + (process.pid % 50) * 20}-${47009 + (process.pid % 50) * 20}`, answerMode: 'auto' });
  await until(() => h.platform.registrar.bindingCount() > before, 'baresip to register').catch((err: Error) => {
    throw new Error(`${err.message}\n${phone?.output()}`);
  });
  const feed = await FeedClient.connect(h.platform.httpPort, { cookie: agent.session.cookie, query: 'topics=agent' });
  try {
    assert.equal((await agent.session.request('POST', '/api/v1/acd/agents/me/state', { action: 'log_in' })).status, 200);
    const caller = startSipp({ scenario: queueCallerScenario({ hangUpAfterMs: 3000 }), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, keys: { caller: CALLER }, timeoutSeconds: 40 });
    assertSippPassed(await caller.done, 'caller', h.logs());
    const wrap = await feed.waitFor((m) => m.type === 'agent.state_changed' && m.data?.state === 'wrap_up', 20_000);
    const endsAt = String(wrap.data?.wrapUpEndsAt);
    assert.ok(Date.parse(endsAt) > Date.parse(String(wrap.data?.at)), `the wrap-up's end comes with the change (${endsAt})`);
    const me = (await agent.session.request('GET', '/api/v1/acd/agents/me')).body as { status: { state: string }; wrapUpEndsAt: string | null };
    assert.equal(me.status.state, 'wrap_up');
    assert.equal(me.wrapUpEndsAt, endsAt, 'the state shows the same countdown end');
  } finally {
    feed.ws.close();
  }
  let callId = '';
  await until(async () => {
    const r = (await listCallRecords(h.platform.database.db, f.tenantId, { limit: 1 }))[0];
    callId = r?.agentId === '8001' && r.outcome !== null ? r.id : '';
    return callId !== '';
  }, 'the answered call’s closed record');

  const path = `/api/v1/call-records/${callId}/wrap-up`;
  const refusals: [string, unknown, number][] = [
    ['a disabled code', { code: 'old', note: 'x' }, 422],
    ['an unknown code', { code: 'nope' }, 422],
    ['nothing to say', { note: '   ' }, 422],
    ['an overlong note', { code: 'consult', note: 'x'.repeat(2001) }, 400],
  ];
  for (const [what, body, status] of refusals) assert.equal((await agent.session.request('POST', path, body)).status, status, what);
  assert.equal((await other.session.request('POST', path, { code: 'consult' })).status, 404, 'another agent did not take this call');
  const key = (await createApiKey(h.platform.database.db, { tenantId: f.tenantId, name: 'k', rights: ['call-records:write', 'call-records:read'], expiresAt: null, createdBy: null }, new Date())).key;
  const byKey = await fetch(`http://127.0.0.1:${h.platform.httpPort}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ code: 'consult' }) });
  assert.equal(byKey.status, 403, 'a key takes no calls');

  const saved = await agent.session.request('POST', path, { code: 'complaint', note: '客户投诉物流慢' });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const again = await agent.session.request('POST', path, { code: 'consult', note: '其实是咨询物流' });
  assert.equal(again.status, 200, 'saving again replaces it');

  const record = (await admin.request('GET', `/api/v1/call-records/${callId}`)).body as { record: { wrapUps: { userId: string; code: string; label: string; note: string }[] } };
  assert.deepEqual(record.record.wrapUps.map((w) => [w.userId, w.code, w.label, w.note]), [[agent.userId, 'consult', '咨询', '其实是咨询物流']]);
  const list = (await admin.request('GET', '/api/v1/call-records?limit=5')).body as { items: { id: string; wrapUps: unknown[] }[] };
  assert.equal(list.items.find((i) => i.id === callId)?.wrapUps.length, 1, 'the list shows it too');

  const mine = (await agent.session.request('GET', '/api/v1/me/calls')).body as { calls: { id: string; answeredByMe: boolean; wrapUp: { code: string } | null; queueId: string | null }[] };
  const call = mine.calls.find((c) => c.id === callId);
  assert.deepEqual([call?.answeredByMe, call?.wrapUp?.code, call?.queueId], [true, 'consult', f.queueId]);
  const theirs = (await other.session.request('GET', '/api/v1/me/calls')).body as { calls: { id: string }[] };
  assert.equal(theirs.calls.some((c) => c.id === callId), false, 'not in another agent’s history');
});

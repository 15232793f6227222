/**
 * The screen pop (C14) on a real call: a SIPp caller keys 1 in the number's menu, which sends them
 * to the queue 销售; the agent's desk phone (SIP over WebSocket) is offered the call and the agent's
 * event feed carries `queue.offered`; GET /api/v1/desk/offers/:token then shows the caller, region,
 * 400 number, queue, IVR keys, wait, who served them before and their last contacts — to that agent
 * and the tenant's staff, never to another agent; once the call ended the offer is gone.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { FeedClient } from '../support/event-feed-client.ts';
import { seedCall } from '../support/seed-calls.ts';
import { until } from '../support/until.ts';
import { flowCallerScenario } from '../flows/flow-sipp-scenarios.ts';
import { recordQueueFacts } from '../../src/cdr/queue-facts.ts';
import type { ScreenPop } from '../../src/desk/screen-pop.ts';
import { CALLER, NUMBER, startDeskFixture } from './desk-fixture.ts';
import type { DeskFixture } from './desk-fixture.ts';
import { WsSipPhone } from './ws-sip-phone.ts';

let f: DeskFixture;

before(async () => {
  f = await startDeskFixture();
});
after(async () => {
  await f?.stop();
});

test('an agent offered a call from the menu sees its screen pop; another agent does not; it goes with the call', async () => {
  const { h, admin, agents: [me, other] } = f;
  const db = h.platform.database.db;
  // This caller's history: served by 8002 two days ago, missed yesterday.
  const day = 86_400_000;
  await seedCall(db, { id: 'earlier-answered', tenantId: f.tenantId, startedAt: new Date(Date.now() - 2 * day), answerSeconds: 3, talkSeconds: 40, answering: other.sip, answeringKind: 'sip' });
  await recordQueueFacts(db, f.tenantId, 'earlier-answered', { queueId: f.queueId, agentId: '8002', agentUserId: other.userId });
  await seedCall(db, { id: 'earlier-missed', tenantId: f.tenantId, startedAt: new Date(Date.now() - day) });

  const flow = await admin.request('PUT', `/api/v1/flows/numbers/${NUMBER}`, { language: 'en', welcome: { system: 'welcome' }, menu: { options: [{ key: '1', queue: '销售' }], timeoutMs: 5000 } });
  assert.equal(flow.status, 200, JSON.stringify(flow.body));

  const creds = (await me.session.request('POST', '/api/v1/me/softphone-credentials')).body as { authorizationUser: string; password: string };
  const phone = await WsSipPhone.register(h.platform.httpPort, me.sip, creds.authorizationUser, creds.password);
  const feed = await FeedClient.connect(h.platform.httpPort, { cookie: me.session.cookie, query: 'topics=queue.offered' });
  try {
    const login = await me.session.request('POST', '/api/v1/acd/agents/me/state', { action: 'log_in' });
    assert.equal(login.status, 200, JSON.stringify(login.body));

    const caller = startSipp({
      scenario: flowCallerScenario({ early183: true, steps: [{ pause: 800 }, { key: '1' }], final: 200, afterAnswer: [{ pause: 6000 }] }),
      port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, keys: { caller: CALLER }, timeoutSeconds: 40,
    });
    const offered = await feed.waitFor((m) => m.type === 'queue.offered', 20_000).catch(async (err: Error) => {
      const { listCallRecords } = await import('../../src/cdr/call-record-store.ts');
      throw new Error(`${err.message}\nagent: ${JSON.stringify(h.platform.acd.engine.agent(f.tenantId, me.userId))}\nrecords: ${JSON.stringify(await listCallRecords(db, f.tenantId, { limit: 3 }))}\n${h.logs()}`);
    });
    const token = String(offered.data?.token);
    await until(() => phone.invites().length > 0, 'the desk phone to ring');

    const mine = await me.session.request('GET', `/api/v1/desk/offers/${token}`);
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    const pop = mine.body as ScreenPop;
    assert.equal(pop.callId, offered.data?.callId);
    assert.equal(pop.number400, NUMBER);
    assert.match(pop.caller.number, /13912345678$/);
    assert.equal(pop.caller.kind, 'mobile');
    assert.ok(pop.caller.province, `the caller's province from the phone module (${JSON.stringify(pop.caller)})`);
    assert.deepEqual(pop.queue, { id: f.queueId, name: '销售' });
    assert.deepEqual(pop.ivr, { steps: ['welcome', 'menu'], keys: ['1'] });
    assert.equal(pop.ringSeconds, 20);
    assert.equal(Date.parse(pop.answerBy) - Date.parse(pop.offeredAt), 20_000);
    assert.ok(pop.waitedSeconds >= 0);
    assert.equal(pop.servedBefore?.callId, 'earlier-answered');
    assert.equal(pop.servedBefore?.agentId, '8002');
    assert.equal(pop.servedBefore?.agentName, '坐席8002');
    assert.deepEqual(pop.lastContacts.map((c) => [c.callId, c.outcome]), [['earlier-missed', 'no_answer'], ['earlier-answered', 'answered']]);

    const theirs = await other.session.request('GET', `/api/v1/desk/offers/${token}`);
    assert.equal(theirs.status, 404, 'another agent never sees this offer');
    const staff = await admin.request('GET', `/api/v1/desk/offers/${token}`);
    assert.equal(staff.status, 200, 'the tenant admin may');
    const bad = await me.session.request('GET', '/api/v1/desk/offers/no.such.token');
    assert.equal(bad.status, 400, 'a malformed token is refused');

    assertSippPassed(await caller.done, 'caller', h.logs());
    await until(async () => (await me.session.request('GET', `/api/v1/desk/offers/${token}`)).status === 404, 'the offer to go with the call');
  } finally {
    feed.ws.close();
    await phone.close();
  }
});

/**
 * Server-owned presence over real connections: two agents each have a desk — the event feed on
 * their session and a softphone registered over SIP WebSocket. Agent 8001's page closes (both
 * sockets): the ACD is not told of the lost registration at once; after the grace
 * (HOTLINE_DESK_GRACE, 1 s here) 8001 is not ready `desk_closed`, and a SIPp caller's call, which
 * the queue (top-down) would give 8001 first, is offered to 8002's phone. Timing is never asserted:
 * the test waits for the events.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { FeedClient } from '../support/event-feed-client.ts';
import type { FeedMessage } from '../support/event-feed-client.ts';
import { until } from '../support/until.ts';
import { queueCallerScenario } from '../calls/queue-sipp-scenarios.ts';
import { setNumberPolicy } from '../../src/routing/number-policy-store.ts';
import { CALLER, NUMBER, startDeskFixture } from './desk-fixture.ts';
import type { DeskAgent, DeskFixture } from './desk-fixture.ts';
import { WsSipPhone } from './ws-sip-phone.ts';

let f: DeskFixture;

before(async () => {
  f = await startDeskFixture({ env: { HOTLINE_DESK_GRACE: '1' }, queue: { strategy: 'top_down' } });
});
after(async () => {
  await f?.stop();
});

async function openDesk(agent: DeskAgent): Promise<{ feed: FeedClient; phone: WsSipPhone }> {
  const creds = (await agent.session.request('POST', '/api/v1/me/softphone-credentials')).body as { authorizationUser: string; password: string };
  const phone = await WsSipPhone.register(f.h.platform.httpPort, agent.sip, creds.authorizationUser, creds.password);
  const feed = await FeedClient.connect(f.h.platform.httpPort, { cookie: agent.session.cookie });
  return { feed, phone };
}

test('closing the desk (feed and softphone) makes the agent not ready after the grace, and the next call goes to another agent', async () => {
  const { h, admin, agents: [first, second] } = f;
  await setNumberPolicy(h.platform.database.db, f.tenantId, NUMBER, { default: { queue: '销售' } }, { queues: new Set(['销售']) });
  const desk1 = await openDesk(first);
  const desk2 = await openDesk(second);
  const staff = await FeedClient.connect(h.platform.httpPort, { cookie: admin.cookie, query: 'topics=agent,queue.offered' });
  try {
    for (const a of [first, second]) {
      const r = await a.session.request('POST', '/api/v1/acd/agents/me/state', { action: 'log_in' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal((r.body as { status: { state: string } }).status.state, 'ready');
    }
    const mark = staff.messages.length;
    const firstChange = (m: FeedMessage) => m.type === 'agent.state_changed' && m.data?.userId === first.userId;

    // The page closes: both of its sockets go at once.
    desk1.feed.ws.close();
    await desk1.phone.close();
    await until(() => h.platform.registrar.lookup(first.sip).length === 0, 'the browser binding to go with its WebSocket');
    const gone = await staff.waitFor(firstChange, 20_000, mark);
    assert.deepEqual([gone.data?.state, gone.data?.reason, gone.data?.cause], ['not_ready', 'desk_closed', 'desk_closed'], 'not ready for the closed desk — not a registration lost at once');
    const me = await first.session.request('GET', '/api/v1/acd/agents/me');
    assert.deepEqual((me.body as { status: unknown }).status, { state: 'not_ready', reason: 'desk_closed' });

    // The next call: top-down would pick 8001; it goes to 8002's desk phone.
    const caller = startSipp({ scenario: queueCallerScenario({ hangUpAfterMs: 4000 }), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, keys: { caller: CALLER }, timeoutSeconds: 40 });
    const offered = await staff.waitFor((m) => m.type === 'queue.offered', 20_000, mark);
    assert.equal(offered.data?.userId, second.userId);
    await until(() => desk2.phone.invites().length > 0, '8002’s softphone to ring');
    assert.equal(desk1.phone.invites().length, 0);
    assertSippPassed(await caller.done, 'caller', h.logs());
    assert.equal(staff.messages.slice(mark).filter(firstChange).length, 1, '8001 changed state once: desk_closed');
  } finally {
    staff.ws.close();
    desk2.feed.ws.close();
    await desk2.phone.close();
  }
});

/**
 * The event feed end to end: browsers' sessions on a WebSocket, a SIPp call through the platform,
 * and what each viewer receives — the tenant admin every event in order, an agent only their own
 * call, another tenant's agent nothing; a client that reconnects with its last seq loses nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { NUMBER, tenantIdOf, trunkCall } from '../support/trunk-call.ts';
import { FeedClient, signInCookie } from '../support/event-feed-client.ts';
import type { FeedMessage } from '../support/event-feed-client.ts';

const PASSWORD = 'Feed-test-pass-2026';

describe('event feed with a SIPp call', () => {
  let h: Harness;
  let port: number;
  const cookies: Record<string, string> = {};

  before(async () => {
    h = await startHarness();
    port = h.platform.httpPort;
    const acme = tenantWithNumber(NUMBER, [{ pstn: '13800138000' }], [
      { username: 'acme-admin', role: 'tenant_admin', password: PASSWORD },
      { username: 'acme-agent', role: 'agent', password: PASSWORD, boundNumber: '13800138000' },
      { username: 'acme-other', role: 'agent', password: PASSWORD, boundNumber: '13700137000' },
    ]);
    const beta = { ...tenantWithNumber('4006999999', [{ pstn: '13800138000' }], [{ username: 'beta-agent', role: 'agent' as const, password: PASSWORD, boundNumber: '13800138000' }]), code: 'beta', name: '贝塔公司' };
    await h.provision({ tenants: [acme, beta] });
    for (const u of ['acme-admin', 'acme-agent', 'acme-other', 'beta-agent']) cookies[u] = await signInCookie(port, u, PASSWORD);
  });
  after(async () => {
    await h?.stop();
  });

  const eventsOf = (c: FeedClient) => c.events();
  const typesOf = (ms: FeedMessage[]) => ms.map((m) => m.type);

  test('created → ringing → answered → bridged → ended in seq order; agents see only their own; resume loses nothing', async () => {
    const admin = await FeedClient.connect(port, { cookie: cookies['acme-admin'] });
    const agent = await FeedClient.connect(port, { cookie: cookies['acme-agent'] });
    const otherAgent = await FeedClient.connect(port, { cookie: cookies['acme-other'] });
    const betaAgent = await FeedClient.connect(port, { cookie: cookies['beta-agent'] });
    // The resuming client leaves after the first event and comes back after the call.
    const early = await FeedClient.connect(port, { cookie: cookies['acme-admin'] });
    for (const c of [admin, agent, otherAgent, betaAgent, early]) {
      const hello = await c.waitFor((m) => m.kind === 'snapshot');
      assert.deepEqual(hello.calls, []);
      assert.equal(hello.stream, h.platform.events.stream);
    }
    const tenantId = await tenantIdOf(h);
    const callDone = trunkCall(h, { kind: 'answer', ringMs: 300, hangup: 'caller', talkMs: 1500 }, { kind: 'talk', talkMs: 1000, hangup: 'caller' });
    const first = await early.waitFor((m) => m.kind === 'event');
    await early.close();
    await callDone;
    await admin.waitFor((m) => m.type === 'call.ended');
    await agent.waitFor((m) => m.type === 'call.ended');

    // The tenant admin: every event, the milestones in order, seq rising by one.
    const all = eventsOf(admin);
    const milestones = typesOf(all).filter((t) => ['call.created', 'leg.ringing', 'leg.answered', 'call.bridged', 'call.ended'].includes(t ?? ''));
    assert.deepEqual(milestones, ['call.created', 'leg.ringing', 'leg.answered', 'leg.answered', 'call.bridged', 'call.ended']);
    for (const [i, e] of all.entries()) {
      assert.equal(e.tenant, tenantId);
      assert.equal(e.seq, all[0]!.seq! + i, `seq of ${e.type}`);
    }
    const ringing = all.find((e) => e.type === 'leg.ringing')!;
    assert.deepEqual([ringing.data?.previous, ringing.data?.state], ['calling', 'ringing']);

    // The agent whose bound number was rung: the call as it stood when their leg joined, then its events.
    const shown = await agent.waitFor((m) => m.kind === 'call');
    assert.equal((shown.call as { callId: string }).callId, all[0]!.data?.callId);
    const agentTypes = typesOf(eventsOf(agent));
    assert.equal(agentTypes[0], 'leg.created');
    assert.deepEqual(agentTypes.filter((t) => t === 'leg.ringing' || t === 'call.bridged' || t === 'call.ended'), ['leg.ringing', 'call.bridged', 'call.ended']);
    assert.ok(!agentTypes.includes('call.created'), 'created before the agent was part of the call');

    // Another agent of the tenant and the other tenant's agent: nothing of this call.
    assert.deepEqual(eventsOf(otherAgent), []);
    assert.deepEqual(eventsOf(betaAgent), []);

    // Reconnecting with the last seq: the rest, exactly, after a 'resumed'.
    const back = await FeedClient.connect(port, { cookie: cookies['acme-admin'], query: `stream=${first.stream}&after=${first.seq}` });
    await back.waitFor((m) => m.type === 'call.ended');
    assert.equal(back.messages[0]?.kind, 'resumed');
    assert.deepEqual(eventsOf(back).map((e) => e.id), all.slice(1).map((e) => e.id));
    assert.equal(first.id, all[0]!.id);

    // A stream from before a restart cannot be resumed: a fresh snapshot says so.
    const stale = await FeedClient.connect(port, { cookie: cookies['acme-admin'], query: `stream=00000000-0000-0000-0000-000000000000&after=5` });
    const snap = await stale.waitFor((m) => m.kind === 'snapshot');
    assert.equal(snap.resumeFailed, 'stream');
    // Live calls: none left.
    const live = await fetch(`http://127.0.0.1:${port}/api/v1/live/calls`, { headers: { cookie: cookies['acme-admin']! } });
    assert.deepEqual(await live.json(), { calls: [] });
    for (const c of [admin, agent, otherAgent, betaAgent, back, stale]) await c.close();
  });

  test('no session: the upgrade is refused 401; a session from another origin 403', async () => {
    await assert.rejects(FeedClient.connect(port), /HTTP 401/);
    await assert.rejects(FeedClient.connect(port, { cookie: cookies['acme-admin'], origin: 'https://evil.example' }), /HTTP 403/);
    await assert.rejects(FeedClient.connect(port, { cookie: cookies['acme-admin'], query: 'topics=call,bogus' }).then((c) => c.closed).then((r) => {
      throw new Error(`closed ${r.code}`);
    }), /closed 4400/);
  });
});

// Gaps of the event feed and webhooks, left for the next session (issue 10).
test.todo('webhooks: rotate a secret and disable an endpoint — no route yet');

/**
 * The event feed's paths over a real WebSocket (docs/events.md), on a platform with short feed
 * timings: an API key authenticates the upgrade; the feed closes 4401 when the session or key is
 * gone, 4408 when the client sends no heartbeat, 4429 when it reads too slowly; a resume beyond the
 * replay buffer gets a fresh snapshot flagged `resumeFailed: "gap"`; and with two SIPp calls up,
 * one per tenant, the operator sees both tenants while each agent sees only their own call, on the
 * feed and in /live/calls.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { tenantIdOf } from '../support/trunk-call.ts';
import { FeedClient } from '../support/event-feed-client.ts';
import { operatorSession, signIn } from '../support/platform-api.ts';
import type { ApiSession } from '../support/platform-api.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { callerScenario, switchboardScenario } from '../support/sipp-scenarios.ts';
import { until } from '../support/until.ts';

const PASSWORD = 'Feed-test-pass-2026';
const ACME_NUMBER = '4006123456';
const BETA_NUMBER = '4006999999';
const ACME_PHONE = '13800138000';
const BETA_PHONE = '13700137000';
const CALLER = '13912345678';
const HEARTBEAT_MS = 300;

/** `n` events a tenant admin may see (digits of a call that does not exist: live state ignores them). */
function publishDigits(h: Harness, tenantId: string, n: number): void {
  for (let i = 0; i < n; i++) h.platform.events.publish({ type: 'dtmf', tenantId, callId: 'no-such-call', legId: 'no-such-leg', digit: String(i % 10), durationMs: 100, source: 'rfc4733' });
}

describe('event feed over a real socket', () => {
  let h: Harness;
  let port: number;
  let admin: ApiSession;
  let acmeId: string;
  let betaId: string;
  let phonePort: number;

  before(async () => {
    h = await startHarness({ eventFeed: { heartbeatMs: HEARTBEAT_MS, revalidateMs: 200, maxBufferedBytes: 64 * 1024 } });
    port = h.platform.httpPort;
    phonePort = await freeUdpPort();
    const acme = tenantWithNumber(ACME_NUMBER, [{ pstn: ACME_PHONE }], [
      { username: 'acme-admin', role: 'tenant_admin', password: PASSWORD },
      { username: 'acme-agent', role: 'agent', password: PASSWORD, boundNumber: ACME_PHONE },
      { username: 'acme-other', role: 'agent', password: PASSWORD, boundNumber: '13600136000' },
    ]);
    const beta = { ...tenantWithNumber(BETA_NUMBER, [{ pstn: BETA_PHONE }], [{ username: 'beta-agent', role: 'agent' as const, password: PASSWORD, boundNumber: BETA_PHONE }]), code: 'beta', name: '贝塔公司' };
    await h.provision({ trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: phonePort, transport: 'udp' } }], tenants: [acme, beta] });
    admin = await signIn(h, 'acme-admin', PASSWORD);
    acmeId = await tenantIdOf(h);
    betaId = await tenantIdOf(h, 'beta');
  });
  after(async () => {
    await h?.stop();
  });

  test('an API key with events:read opens the feed; one without is refused 403; revoking the key closes it 4401', async () => {
    const made = await admin.request('POST', '/api/v1/api-keys', { name: 'crm feed', rights: ['events:read'] });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const { id, key } = made.body as { id: string; key: string };
    const feed = await FeedClient.connect(port, { apiKey: key, origin: 'https://crm.example.com' });
    const snap = await feed.waitFor((m) => m.kind === 'snapshot');
    assert.equal(snap.stream, h.platform.events.stream);
    publishDigits(h, acmeId, 1);
    publishDigits(h, betaId, 1);
    const ev = await feed.waitFor((m) => m.kind === 'event');
    assert.equal(ev.tenant, acmeId, "the key's tenant only");

    const other = await admin.request('POST', '/api/v1/api-keys', { name: 'live only', rights: ['live:read'] });
    assert.equal(other.status, 201, JSON.stringify(other.body));
    await assert.rejects(FeedClient.connect(port, { apiKey: (other.body as { key: string }).key }), /HTTP 403/);
    await assert.rejects(FeedClient.connect(port, { apiKey: 'hk_not-a-key' }), /HTTP 401/);

    assert.equal((await admin.request('DELETE', `/api/v1/api-keys/${id}`)).status, 204);
    assert.equal((await feed.closed).code, 4401);
    assert.deepEqual(feed.events().filter((e) => e.tenant !== acmeId), []);
  });

  test('a session signed out closes its feed 4401', async () => {
    const session = await signIn(h, 'acme-agent', PASSWORD);
    const feed = await FeedClient.connect(port, { cookie: session.cookie });
    await feed.waitFor((m) => m.kind === 'snapshot');
    assert.equal((await session.request('POST', '/api/v1/auth/sign-out')).status, 204);
    const closed = await feed.closed;
    assert.equal(closed.code, 4401);
  });

  test('a client that answers no ping and sends nothing is closed 4408; one that only answers pings stays', async () => {
    const dead = await FeedClient.connect(port, { cookie: admin.cookie, autoPong: false });
    const alive = await FeedClient.connect(port, { cookie: admin.cookie });
    const closed = await dead.closed;
    assert.equal(closed.code, 4408);
    assert.ok(dead.messages.some((m) => m.kind === 'heartbeat'), 'it was sent heartbeats first');
    // Two more periods: the client that answers pings is still there.
    await new Promise((r) => setTimeout(r, 3 * HEARTBEAT_MS));
    assert.equal(alive.ws.readyState, alive.ws.OPEN);
    await alive.close();
  });

  test('a resume beyond the replay buffer gets a fresh snapshot flagged resumeFailed: gap', async () => {
    const first = await FeedClient.connect(port, { cookie: admin.cookie });
    await first.waitFor((m) => m.kind === 'snapshot');
    publishDigits(h, acmeId, 1);
    const seen = await first.waitFor((m) => m.kind === 'event');
    await first.close();
    publishDigits(h, acmeId, 2100); // the buffer keeps the last 2000 per tenant
    const back = await FeedClient.connect(port, { cookie: admin.cookie, query: `stream=${seen.stream}&after=${seen.seq}` });
    const snap = await back.waitFor((m) => m.kind === 'snapshot' || m.kind === 'resumed');
    assert.equal(snap.kind, 'snapshot');
    assert.equal(snap.resumeFailed, 'gap');
    assert.ok(((snap.seqs as Record<string, number>)[acmeId] ?? 0) >= (seen.seq ?? 0) + 2100, 'the snapshot covers what was published');
    // A resume inside the buffer still works: 'resumed' and exactly the events after it.
    const inside = (snap.seqs as Record<string, number>)[acmeId]! - 5;
    const near = await FeedClient.connect(port, { cookie: admin.cookie, query: `stream=${seen.stream}&after=${inside}` });
    await near.waitFor((m) => m.kind === 'event' && m.seq === inside + 5);
    assert.equal(near.messages[0]?.kind, 'resumed');
    assert.deepEqual(near.events().slice(0, 5).map((e) => e.seq), [inside + 1, inside + 2, inside + 3, inside + 4, inside + 5]);
    await back.close();
    await near.close();
  });

  test('two SIPp calls up, one per tenant: the operator sees both, each agent only their own (feed and /live/calls)', async () => {
    const ops = await operatorSession(h);
    const sessions = {
      ops,
      acmeAdmin: admin,
      acmeAgent: await signIn(h, 'acme-agent', PASSWORD),
      acmeOther: await signIn(h, 'acme-other', PASSWORD),
      betaAgent: await signIn(h, 'beta-agent', PASSWORD),
    };
    const feeds = Object.fromEntries(await Promise.all(Object.entries(sessions).map(async ([k, s]) => [k, await FeedClient.connect(port, { cookie: s.cookie, query: 'topics=call' })] as const)));
    for (const f of Object.values(feeds)) await f.waitFor((m) => m.kind === 'snapshot');

    const phones = startSipp({ scenario: switchboardScenario({ [ACME_PHONE]: 'answer', [BETA_PHONE]: 'answer' }, CALLER), port: phonePort, mediaPort: nextMediaPort(), extraArgs: ['-m', '2'] });
    await new Promise((r) => setTimeout(r, 300));
    const talk = { kind: 'talk' as const, talkMs: 4000, hangup: 'caller' as const };
    const callers = [ACME_NUMBER, BETA_NUMBER].map(async (service) => startSipp({ scenario: callerScenario(talk), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service, keys: { caller: CALLER } }));
    try {
      type Live = { calls: Array<{ tenantId: string; number400: string; state: string }> };
      const liveOf = async (s: ApiSession) => {
        const r = await s.request('GET', '/api/v1/live/calls');
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return (r.body as Live).calls;
      };
      await until(async () => (await liveOf(ops)).filter((c) => c.state === 'answered').length === 2, 'both calls answered', 15000);
      assert.deepEqual((await liveOf(ops)).map((c) => c.tenantId).sort(), [acmeId, betaId].sort(), 'the operator: every tenant');
      assert.deepEqual((await liveOf(sessions.acmeAdmin)).map((c) => c.number400), [ACME_NUMBER], 'a tenant admin: their tenant');
      assert.deepEqual((await liveOf(sessions.acmeAgent)).map((c) => c.number400), [ACME_NUMBER], 'an agent: the call their bound number is in');
      assert.deepEqual((await liveOf(sessions.betaAgent)).map((c) => c.number400), [BETA_NUMBER]);
      assert.deepEqual(await liveOf(sessions.acmeOther), [], 'an agent of the tenant not in the call: nothing');
    } finally {
      for (const c of await Promise.all(callers)) assertSippPassed(await c.done, 'caller', h.logs());
      assertSippPassed(await phones.done, 'phone', h.logs());
    }
    await feeds.ops!.waitFor((m) => m.type === 'call.ended' && m.tenant === acmeId);
    await feeds.ops!.waitFor((m) => m.type === 'call.ended' && m.tenant === betaId);
    await feeds.acmeAgent!.waitFor((m) => m.type === 'call.ended');
    await feeds.betaAgent!.waitFor((m) => m.type === 'call.ended');
    const tenantsSeen = (f: FeedClient) => [...new Set(f.events().map((e) => e.tenant))].sort();
    assert.deepEqual(tenantsSeen(feeds.ops!), [acmeId, betaId].sort(), 'the operator feed: both tenants');
    assert.deepEqual(tenantsSeen(feeds.acmeAdmin!), [acmeId]);
    assert.deepEqual(tenantsSeen(feeds.acmeAgent!), [acmeId]);
    assert.deepEqual(tenantsSeen(feeds.betaAgent!), [betaId]);
    assert.deepEqual(feeds.acmeOther!.events(), []);
    // The operator's seqs are per tenant: each tenant's rise by one within the operator's view.
    for (const t of [acmeId, betaId]) {
      const seqs = feeds.ops!.events().filter((e) => e.tenant === t).map((e) => e.seq!);
      assert.ok(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!), `rising seqs of ${t}`);
    }
    for (const f of Object.values(feeds)) await f.close();
  });
});

// Its own platform with the default heartbeat (15 s): a client that stops reading stops answering
// pings too, and the short heartbeat above would close it 4408 before its buffer fills.
describe('event feed: a slow reader', () => {
  let h: Harness;
  let port: number;
  let session: ApiSession;
  let tenantId: string;
  before(async () => {
    h = await startHarness({ eventFeed: { maxBufferedBytes: 64 * 1024 } });
    port = h.platform.httpPort;
    await h.provision({ tenants: [tenantWithNumber(ACME_NUMBER, [{ pstn: ACME_PHONE }], [{ username: 'acme-admin', role: 'tenant_admin', password: PASSWORD }])] });
    session = await signIn(h, 'acme-admin', PASSWORD);
    tenantId = await tenantIdOf(h);
  });
  after(async () => {
    await h?.stop();
  });

  test('a client that stops reading is cut off 4429 once its unsent data passes the limit; the others keep theirs', async () => {
    const slow = await FeedClient.connect(port, { cookie: session.cookie });
    const fast = await FeedClient.connect(port, { cookie: session.cookie });
    await slow.waitFor((m) => m.kind === 'snapshot');
    await fast.waitFor((m) => m.kind === 'snapshot');
    const clients = h.platform.feed.size;
    // Stop reading: the kernel's buffers fill, then the server's own send queue grows.
    const raw = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();
    let published = 0;
    while (h.platform.feed.size === clients && published < 400_000) {
      publishDigits(h, tenantId, 500);
      published += 500;
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.equal(h.platform.feed.size, clients - 1, `the slow client was dropped after ${published} events`);
    raw.resume();
    assert.equal((await slow.closed).code, 4429);
    assert.ok(slow.events().length < published, 'it missed events (it must resume)');
    const lastSeq = h.platform.events.lastSeq(tenantId);
    await fast.waitFor((m) => m.kind === 'event' && m.seq === lastSeq, 30000, fast.messages.length > 1000 ? fast.messages.length - 1000 : 0);
    assert.equal(fast.ws.readyState, fast.ws.OPEN, 'the client that reads is still connected, and got every event');
    await fast.close();
  });
});

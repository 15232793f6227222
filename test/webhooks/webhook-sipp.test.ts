/**
 * Webhooks end to end: a tenant admin registers a receiver (a test HTTP server on loopback, allowed
 * by HOTLINE_WEBHOOK_PRIVATE_TARGETS), a SIPp call runs, and the receiver gets the chosen events,
 * each signed; the first delivery is answered 500 and comes again after the outbox's backoff.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { NUMBER, trunkCall } from '../support/trunk-call.ts';
import { verifySignature } from '../../src/webhooks/webhook-signature.ts';

const PASSWORD = 'Hook-test-pass-2026';

interface Received {
  body: string;
  signature: string;
  eventId: string;
  status: number;
}

describe('webhooks with a SIPp call', () => {
  let h: Harness;
  let receiver: Server;
  let receiverPort: number;
  const received: Received[] = [];
  let session: { cookie: string; csrf: string };

  const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`http://127.0.0.1:${h.platform.httpPort}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });

  before(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        // The very first delivery fails with 500: it must come again.
        const status = received.length === 0 ? 500 : 200;
        received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['hotline-signature']), eventId: String(req.headers['hotline-event-id']), status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverPort = (receiver.address() as AddressInfo).port;
    h = await startHarness({ env: { HOTLINE_WEBHOOK_PRIVATE_TARGETS: 'true' } });
    await h.provision({ tenants: [tenantWithNumber(NUMBER, [{ pstn: '13800138000' }], [{ username: 'hook-admin', role: 'tenant_admin', password: PASSWORD }])] });
    const res = await fetch(`http://127.0.0.1:${h.platform.httpPort}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': 'anonymous' }, body: JSON.stringify({ username: 'hook-admin', password: PASSWORD }) });
    assert.equal(res.status, 200);
    session = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  });
  after(async () => {
    await h?.stop();
    receiver?.close();
  });

  test('signed deliveries of the chosen events; a 500 is retried; the endpoint shows its last status', async () => {
    const created = await api('/webhooks', { method: 'POST', body: { url: `http://127.0.0.1:${receiverPort}/hook`, events: ['call.created', 'call.ended'], description: 'CRM' } });
    assert.equal(created.status, 201, await created.clone().text());
    const endpoint = (await created.json()) as { id: string; secret: string; lastStatus: number | null };
    assert.match(endpoint.secret, /^whsec_/);
    // The secret is shown once: the list never has it.
    const listed = (await (await api('/webhooks')).json()) as { endpoints: Record<string, unknown>[] };
    assert.equal(listed.endpoints.length, 1);
    assert.ok(!('secret' in listed.endpoints[0]!));

    await trunkCall(h, { kind: 'answer', ringMs: 100, hangup: 'caller', talkMs: 800 }, { kind: 'talk', talkMs: 500, hangup: 'caller' });
    // Two events, the first of which needed a second attempt (after the outbox's 5 s backoff).
    for (let i = 0; i < 300 && received.filter((r) => r.status === 200).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    const ok = received.filter((r) => r.status === 200);
    assert.equal(ok.length, 2, `received ${JSON.stringify(received.map((r) => [r.status, r.eventId]))}\n${h.logs()}`);
    assert.equal(received.length, 3);
    assert.equal(received[0]!.status, 500);
    assert.ok(ok.some((r) => r.eventId === received[0]!.eventId), 'the delivery answered 500 came again');
    const types = ok.map((r) => (JSON.parse(r.body) as { type: string }).type).sort();
    assert.deepEqual(types, ['call.created', 'call.ended']);
    const now = Math.floor(Date.now() / 1000);
    for (const r of received) {
      assert.ok(verifySignature(endpoint.secret, r.signature, r.body, now), `signature of ${r.eventId}`);
      assert.ok(!verifySignature(endpoint.secret, r.signature, `${r.body} `, now), 'a changed body does not verify');
      assert.equal((JSON.parse(r.body) as { id: string }).id, r.eventId);
    }
    assert.ok(!verifySignature('whsec_wrong', received[1]!.signature, received[1]!.body, now));

    const after = (await (await api('/webhooks')).json()) as { endpoints: { lastStatus: number | null }[] };
    assert.equal(after.endpoints[0]?.lastStatus, 200);
    const deliveries = (await (await api(`/webhooks/${endpoint.id}/deliveries`)).json()) as { deliveries: { eventId: string; state: string; attempts: number; result: string | null }[] };
    assert.deepEqual(deliveries.deliveries.map((d) => d.state), ['sent', 'sent']);
    assert.equal(deliveries.deliveries.find((d) => d.eventId === received[0]!.eventId)?.attempts, 2);

    // Removing it: 204, then 404.
    assert.equal((await api(`/webhooks/${endpoint.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await api(`/webhooks/${endpoint.id}/deliveries`)).status, 404);
  });

  test('registration refuses what is not a URL, unknown events and credentials in the URL', async () => {
    for (const body of [
      { url: 'not a url at all', events: ['call.ended'] },
      { url: 'https://user:pw@example.com/hook', events: ['call.ended'] },
      { url: 'ftp://example.com/hook', events: ['call.ended'] },
    ]) {
      const res = await api('/webhooks', { method: 'POST', body });
      assert.equal(res.status, 422, `${body.url}: ${res.status}`);
    }
    assert.equal((await api('/webhooks', { method: 'POST', body: { url: 'https://example.com/hook', events: ['call.exploded'] } })).status, 400);
  });
});

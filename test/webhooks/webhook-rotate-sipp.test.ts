/**
 * Webhook secret rotation and disable/enable, with SIPp calls making the events. After a rotation
 * with a grace window, deliveries verify with the new secret and still with the old one; after one
 * without, only with the newest. A disabled endpoint gets nothing (no delivery is even queued);
 * enabled again, it gets the next call's event. The secret is shown by the rotation only.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { NUMBER, trunkCall } from '../support/trunk-call.ts';
import { signIn } from '../support/platform-api.ts';
import type { ApiSession } from '../support/platform-api.ts';
import { verifySignature } from '../../src/webhooks/webhook-signature.ts';

const PASSWORD = 'Hook-test-pass-2026';

interface Received {
  body: string;
  signature: string;
}

describe('webhook secret rotation and disable/enable (SIPp calls)', () => {
  let h: Harness;
  let receiver: Server;
  let receiverPort: number;
  const received: Received[] = [];
  let admin: ApiSession;

  before(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['hotline-signature']) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverPort = (receiver.address() as AddressInfo).port;
    h = await startHarness({ env: { HOTLINE_WEBHOOK_PRIVATE_TARGETS: 'true' } });
    await h.provision({ tenants: [tenantWithNumber(NUMBER, [{ pstn: '13800138000' }], [{ username: 'hook-admin', role: 'tenant_admin', password: PASSWORD }])] });
    admin = await signIn(h, 'hook-admin', PASSWORD);
  });
  after(async () => {
    await h?.stop();
    receiver?.close();
  });

  /** One SIPp call; resolves the `call.ended` delivery it made. */
  async function callAndDelivery(): Promise<Received> {
    const before = received.length;
    await trunkCall(h, { kind: 'answer', ringMs: 100, hangup: 'caller', talkMs: 500 }, { kind: 'talk', talkMs: 300, hangup: 'caller' });
    for (let i = 0; i < 200 && received.length === before; i++) await new Promise((r) => setTimeout(r, 50));
    const got = received[before];
    assert.ok(got, `a delivery came\n${h.logs()}`);
    return got;
  }

  const verifies = (secret: string, r: Received) => verifySignature(secret, r.signature, r.body, Math.floor(Date.now() / 1000));

  test('rotate with and without a grace window; disable, then enable again', async () => {
    const created = await admin.request('POST', '/api/v1/webhooks', { url: `http://127.0.0.1:${receiverPort}/hook`, events: ['call.ended'] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { id, secret: first } = created.body as { id: string; secret: string };
    assert.ok(verifies(first, await callAndDelivery()));

    // Rotation with a grace window: both secrets verify.
    const rotated = await admin.request('POST', `/api/v1/webhooks/${id}/rotate-secret`, { graceSeconds: 3600 });
    assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    const { secret: second, previousSecretExpiresAt } = rotated.body as { secret: string; previousSecretExpiresAt: string | null };
    assert.match(second, /^whsec_/);
    assert.notEqual(second, first);
    assert.ok(previousSecretExpiresAt && Date.parse(previousSecretExpiresAt) > Date.now());
    const during = await callAndDelivery();
    assert.ok(verifies(second, during), 'the new secret verifies');
    assert.ok(verifies(first, during), 'the old secret still verifies during the grace window');
    const listed = (await admin.request('GET', '/api/v1/webhooks')).body as { endpoints: Record<string, unknown>[] };
    assert.ok(!JSON.stringify(listed).includes(second), 'the list never shows a secret');

    // Rotation without grace: only the newest verifies.
    const now = await admin.request('POST', `/api/v1/webhooks/${id}/rotate-secret`, { graceSeconds: 0 });
    const { secret: third, previousSecretExpiresAt: none } = now.body as { secret: string; previousSecretExpiresAt: string | null };
    assert.equal(none, null);
    const later = await callAndDelivery();
    assert.ok(verifies(third, later));
    assert.ok(!verifies(second, later), 'the replaced secret no longer verifies');
    assert.ok(!verifies(first, later));

    // Disabled: nothing is queued or sent for the next call.
    const disabled = await admin.request('PATCH', `/api/v1/webhooks/${id}`, { enabled: false });
    assert.equal(disabled.status, 200, JSON.stringify(disabled.body));
    assert.equal((disabled.body as { enabled: boolean }).enabled, false);
    const deliveriesBefore = ((await admin.request('GET', `/api/v1/webhooks/${id}/deliveries`)).body as { deliveries: unknown[] }).deliveries.length;
    const sentBefore = received.length;
    await trunkCall(h, { kind: 'answer', ringMs: 100, hangup: 'caller', talkMs: 500 }, { kind: 'talk', talkMs: 300, hangup: 'caller' });
    const enabled = await admin.request('PATCH', `/api/v1/webhooks/${id}`, { enabled: true });
    assert.equal((enabled.body as { enabled: boolean }).enabled, true);
    assert.ok(verifies(third, await callAndDelivery()), 'enabled again, the next call is delivered');
    assert.equal(received.length, sentBefore + 1, 'the call made while disabled was not delivered');
    const deliveriesAfter = ((await admin.request('GET', `/api/v1/webhooks/${id}/deliveries`)).body as { deliveries: unknown[] }).deliveries.length;
    assert.equal(deliveriesAfter, deliveriesBefore + 1, 'nor queued');

    assert.equal((await admin.request('PATCH', '/api/v1/webhooks/00000000-0000-0000-0000-000000000000', { enabled: false })).status, 404);
    assert.equal((await admin.request('POST', '/api/v1/webhooks/00000000-0000-0000-0000-000000000000/rotate-secret', {})).status, 404);
    assert.equal((await admin.request('POST', `/api/v1/webhooks/${id}/rotate-secret`, { graceSeconds: -1 })).status, 400);
  });
});

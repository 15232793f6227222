/**
 * The durable outbox with real servers: an SMPP gateway and an SMTP server on loopback. Runs on
 * SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { enqueueNotification, getOutboxEntry, listOutbox } from '../../src/notify/outbox-store.ts';
import { OutboxWorker } from '../../src/notify/outbox-worker.ts';
import type { OutboxWorkerOptions } from '../../src/notify/outbox-worker.ts';
import { SmppSender } from '../../src/notify/smpp-sender.ts';
import { EmailSender } from '../../src/notify/email-sender.ts';
import type { MessageSender } from '../../src/notify/send-error.ts';
import { SendError } from '../../src/notify/send-error.ts';
import type { NotifyTables } from '../../src/notify/notify-tables.ts';
import { forEachDialect } from '../support/databases.ts';
import { SmppGateway } from './support/smpp-gateway.ts';
import { SmtpSink } from './support/smtp-sink.ts';
import { until } from '../support/until.ts';

const TENANT = 'tenant-outbox';
const MISSED = { caller: '+8613912345678', number400: '4006123456', at: '2026-11-22T08:00:00.000Z' };

function smppTo(port: number): SmppSender {
  return new SmppSender({ host: '127.0.0.1', port, systemId: 'hotline', password: 'secret', sourceAddress: '10690001', backoff: { initialMs: 50, maxMs: 200 } });
}

function worker(db: Kysely<object>, senders: OutboxWorkerOptions['senders'], extra: Partial<OutboxWorkerOptions> = {}): OutboxWorker {
  return new OutboxWorker({ db, senders, pollMs: 50, backoff: { initialMs: 50, maxMs: 200 }, ...extra });
}

async function states(db: Kysely<object>): Promise<string[]> {
  return (await db.withTables<NotifyTables>().selectFrom('notify_outbox').select('state').orderBy('created_at').orderBy('id').execute()).map((r) => r.state);
}

forEachDialect('notification outbox', ({ open }) => {
  test('SMS and e-mail are delivered; each row ends sent with the provider reference', async (t) => {
    const { db } = await open();
    const gw = new SmppGateway();
    const mail = new SmtpSink();
    await gw.start();
    await mail.start();
    const sms = smppTo(gw.port);
    const w = worker(db, { sms, email: new EmailSender({ url: mail.url, from: 'Hotline <alerts@hotline.test>' }) });
    t.after(async () => {
      await w.stop();
      await sms.close();
      await gw.stop();
      await mail.stop();
    });
    w.start();
    const smsId = await enqueueNotification(db, { tenantId: TENANT, channel: 'sms', to: '13800138000', template: 'missed_call', params: MISSED });
    const mailId = await enqueueNotification(db, { tenantId: TENANT, channel: 'email', to: 'boss@acme.test', template: 'missed_call', params: MISSED });
    const [got] = await gw.waitFor(1);
    assert.equal(got?.text, '【Hotline】未接来电：13912345678 于 2026-11-22 16:00 拨打 400-612-3456');
    const [m] = await mail.waitFor(1);
    assert.deepEqual(m?.to, ['boss@acme.test']);
    assert.equal(m?.from, 'alerts@hotline.test');
    assert.equal(m?.subject, '未接来电 13912345678');
    assert.equal(m?.text, '【Hotline】未接来电：13912345678 于 2026-11-22 16:00 拨打 400-612-3456');
    await until(async () => (await getOutboxEntry(db, mailId))?.state === 'sent' && (await getOutboxEntry(db, smsId))?.state === 'sent', 'rows marked sent');
    const row = await getOutboxEntry(db, smsId);
    assert.equal(row?.providerRef, 'm1');
    assert.equal(row?.attempts, 1);
    assert.equal(row?.recipient, '+8613800138000');
    assert.equal((await listOutbox(db, TENANT)).length, 2);
    assert.equal((await listOutbox(db, 'another-tenant')).length, 0);
  });

  test('gateway down: rows stay queued, then go out once it is up', async (t) => {
    const { db } = await open();
    const gw = new SmppGateway();
    await gw.start();
    const port = gw.port;
    await gw.stop();
    const sms = smppTo(port);
    const w = worker(db, { sms });
    t.after(async () => {
      await w.stop();
      await sms.close();
      await gw.stop();
    });
    w.start();
    for (const to of ['13800138000', '13800138001', '13800138002']) {
      await enqueueNotification(db, { tenantId: TENANT, channel: 'sms', to, template: 'missed_call', params: MISSED });
    }
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await states(db), ['queued', 'queued', 'queued']);
    assert.equal(gw.messages.length, 0);
    await gw.start();
    const got = await gw.waitFor(3);
    assert.deepEqual(got.map((g) => g.to).sort(), ['8613800138000', '8613800138001', '8613800138002']);
    await until(async () => (await states(db)).every((s) => s === 'sent'), 'all sent');
  });

  test('a send that fails while bound is retried with backoff and counted', async (t) => {
    const { db } = await open();
    let calls = 0;
    const flaky: MessageSender = {
      ready: true,
      onReady: () => () => undefined,
      close: async () => undefined,
      send: async () => {
        calls++;
        if (calls < 3) throw new SendError('transient', `try ${calls} throttled`);
        return 'ok-3';
      },
    };
    const w = worker(db, { sms: flaky });
    t.after(() => w.stop());
    w.start();
    const id = await enqueueNotification(db, { tenantId: TENANT, channel: 'sms', to: '13800138000', template: 'missed_call', params: MISSED });
    await until(async () => (await getOutboxEntry(db, id))?.state === 'sent', 'sent after retries');
    const row = await getOutboxEntry(db, id);
    assert.equal(row?.attempts, 3);
    assert.equal(row?.providerRef, 'ok-3');
    assert.equal(row?.lastError, null);
  });

  test('permanent refusals and exhausted attempts end failed, with the reason', async (t) => {
    const { db } = await open();
    const gw = new SmppGateway({ refuse: new Map([['8613900000000', 0x0b], ['8613900000001', 0x58]]) });
    await gw.start();
    const sms = smppTo(gw.port);
    const w = worker(db, { sms }, { maxAttempts: 2 });
    t.after(async () => {
      await w.stop();
      await sms.close();
      await gw.stop();
    });
    w.start();
    const bad = await enqueueNotification(db, { tenantId: TENANT, channel: 'sms', to: '13900000000', template: 'missed_call', params: MISSED });
    const throttled = await enqueueNotification(db, { tenantId: TENANT, channel: 'sms', to: '13900000001', template: 'missed_call', params: MISSED });
    await until(async () => (await getOutboxEntry(db, bad))?.state === 'failed' && (await getOutboxEntry(db, throttled))?.state === 'failed', 'both failed');
    assert.equal((await getOutboxEntry(db, bad))?.attempts, 1);
    assert.match((await getOutboxEntry(db, bad))?.lastError ?? '', /0xb/);
    assert.equal((await getOutboxEntry(db, throttled))?.attempts, 2);
  });

  test('the outbox survives a restart: queued rows go out once, sent rows are not sent again', async (t) => {
    const { db } = await open();
    const gw = new SmppGateway();
    await gw.start();
    // First run: no SMS gateway configured at all — messages are held, not dropped.
    const logs: string[] = [];
    const first = worker(db, {}, { log: (l) => logs.push(l) });
    first.start();
    await enqueueNotification(db, { tenantId: TENANT, channel: 'sms', to: '13800138000', template: 'missed_call', params: MISSED });
    await enqueueNotification(db, { tenantId: TENANT, channel: 'sms', to: '13800138001', template: 'missed_call', params: MISSED });
    await new Promise((r) => setTimeout(r, 150));
    await first.stop();
    assert.deepEqual(await states(db), ['queued', 'queued']);
    assert.ok(logs.some((l) => /no sms or email gateway configured/.test(l)), logs.join('\n'));

    // Second run with the gateway: both go out.
    const sms2 = smppTo(gw.port);
    const second = worker(db, { sms: sms2 });
    second.start();
    await gw.waitFor(2);
    await until(async () => (await states(db)).every((s) => s === 'sent'), 'sent in the second run');
    await second.stop();
    await sms2.close();

    // Third run: nothing left to send.
    const sms3 = smppTo(gw.port);
    const third = worker(db, { sms: sms3 });
    t.after(async () => {
      await third.stop();
      await sms3.close();
      await gw.stop();
    });
    third.start();
    await until(() => sms3.ready, 'third bind');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(gw.messages.length, 2);
    assert.equal(gw.submits.length, 2);
  });

  test('a dedupe key enqueues once; bad input is refused before anything is written', async () => {
    const { db } = await open();
    const a = await enqueueNotification(db, { tenantId: TENANT, channel: 'sms', to: '13800138000', template: 'missed_call', params: MISSED, dedupeKey: 'missed:call-1:+8613800138000' });
    const b = await enqueueNotification(db, { tenantId: TENANT, channel: 'sms', to: '13800138000', template: 'missed_call', params: MISSED, dedupeKey: 'missed:call-1:+8613800138000' });
    assert.equal(a, b);
    await assert.rejects(enqueueNotification(db, { tenantId: TENANT, channel: 'sms', to: 'not-a-number', template: 'missed_call', params: MISSED }), /mobile/);
    await assert.rejects(enqueueNotification(db, { tenantId: TENANT, channel: 'email', to: 'x@y.test', template: 'low_balance', params: {} }), /needs balanceLi/);
    assert.equal((await listOutbox(db, TENANT)).length, 1);
  });
});

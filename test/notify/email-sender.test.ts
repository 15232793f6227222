/** The SMTP sender against a real SMTP server on loopback. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EmailSender } from '../../src/notify/email-sender.ts';
import { SendError } from '../../src/notify/send-error.ts';
import { SmtpSink } from './support/smtp-sink.ts';

test('a UTF-8 mail arrives with subject, text and envelope', async (t) => {
  const sink = new SmtpSink();
  await sink.start();
  const sender = new EmailSender({ url: sink.url, from: 'Hotline <alerts@hotline.test>' });
  t.after(async () => {
    await sender.close();
    await sink.stop();
  });
  const body = `【Hotline】余额不足提醒：账户余额 8.50 元。${'很长的正文'.repeat(40)}`;
  const ref = await sender.send({ to: 'boss@acme.test', subject: '余额不足提醒', body });
  assert.match(ref, /@/);
  const [m] = await sink.waitFor(1);
  assert.equal(m?.subject, '余额不足提醒');
  assert.equal(m?.text, body);
  assert.deepEqual(m?.to, ['boss@acme.test']);
});

test('a 5xx for the mailbox is permanent; a server that is gone is transient', async (t) => {
  const sink = new SmtpSink(new Set(['nobody@acme.test']));
  await sink.start();
  const sender = new EmailSender({ url: sink.url, from: 'alerts@hotline.test' });
  t.after(async () => {
    await sender.close();
    await sink.stop();
  });
  await assert.rejects(sender.send({ to: 'nobody@acme.test', subject: 's', body: 'b' }), (e: unknown) => e instanceof SendError && e.kind === 'permanent');
  const port = sink.port;
  await sink.stop();
  const gone = new EmailSender({ url: `smtp://127.0.0.1:${port}`, from: 'alerts@hotline.test', timeoutSeconds: 2 });
  await assert.rejects(gone.send({ to: 'boss@acme.test', subject: 's', body: 'b' }), (e: unknown) => e instanceof SendError && e.kind === 'transient');
  await gone.close();
});

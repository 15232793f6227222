import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWebhookUrl, guardedLookup, isPublicAddress } from '../../src/webhooks/webhook-target.ts';

test('public addresses only, unless the operator allows private targets', () => {
  for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '224.0.0.1']) {
    assert.equal(isPublicAddress(a), false, a);
  }
  for (const a of ['8.8.8.8', '1.1.1.1', '2001:4860:4860::8888']) assert.equal(isPublicAddress(a), true, a);
  assert.equal(checkWebhookUrl('https://crm.example.com/hooks#x', false), 'https://crm.example.com/hooks');
  assert.equal(checkWebhookUrl('https://8.8.8.8/h', false), 'https://8.8.8.8/h');
  for (const [url, why] of [
    ['http://crm.example.com/hooks', /https/],
    ['https://127.0.0.1/h', /not a public address/],
    ['https://169.254.169.254/latest/meta-data', /not a public address/],
    ['https://[::1]/h', /not a public address/],
    ['https://[::ffff:127.0.0.1]/h', /not a public address/],
    ['https://[::ffff:a9fe:a9fe]/h', /not a public address/],
    ['https://localhost/h', /not a public address/],
    ['https://a:b@crm.example.com/h', /credentials/],
    ['nonsense', /not a URL/],
  ] as const) assert.throws(() => checkWebhookUrl(url, false), why, url);
  // With HOTLINE_WEBHOOK_PRIVATE_TARGETS: private targets, and http:// to them, but never http:// to a public one.
  assert.equal(checkWebhookUrl('http://127.0.0.1:8080/h', true), 'http://127.0.0.1:8080/h');
  assert.equal(checkWebhookUrl('https://10.0.0.5/h', true), 'https://10.0.0.5/h');
  assert.throws(() => checkWebhookUrl('http://8.8.8.8/h', true), /https/);
});

test('at delivery, a name that resolves to a private address is refused', async () => {
  const resolve = (allow: boolean) =>
    new Promise<string>((ok, fail) => guardedLookup(allow)('localhost', {}, (err, address) => (err ? fail(err) : ok(String(address)))));
  await assert.rejects(resolve(false), /not a public address/);
  assert.match(await resolve(true), /^(127\.0\.0\.1|::1)$/);
});

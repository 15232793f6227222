import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSettings } from '../../src/config/settings.ts';

test('notification settings are optional and absent by default', () => {
  const s = loadSettings({});
  assert.equal(s.smppHost, undefined);
  assert.equal(s.smtpUrl, undefined);
});

test('SMPP and SMTP settings come from the environment', () => {
  const s = loadSettings({
    HOTLINE_SMPP_HOST: 'smsc.example.net',
    HOTLINE_SMPP_PORT: '2776',
    HOTLINE_SMPP_SYSTEM_ID: 'acme',
    HOTLINE_SMPP_PASSWORD: 'pw',
    HOTLINE_SMS_SOURCE_ADDRESS: '10690001',
    HOTLINE_SMTP_URL: 'smtps://u:p@mail.example.net:465',
    HOTLINE_SMTP_FROM: 'Hotline <alerts@example.net>',
  });
  assert.deepEqual(
    [s.smppHost, s.smppPort, s.smppSystemId, s.smppPassword, s.smsSourceAddress, s.smtpUrl, s.smtpFrom],
    ['smsc.example.net', 2776, 'acme', 'pw', '10690001', 'smtps://u:p@mail.example.net:465', 'Hotline <alerts@example.net>'],
  );
});

test('incomplete or malformed notification settings are refused', () => {
  assert.throws(() => loadSettings({ HOTLINE_SMPP_HOST: 'smsc' }), /SYSTEM_ID/);
  assert.throws(() => loadSettings({ HOTLINE_SMPP_HOST: 'smsc', HOTLINE_SMPP_SYSTEM_ID: 'a', HOTLINE_SMPP_PASSWORD: 'b', HOTLINE_SMPP_PORT: '99999' }), /port/);
  assert.throws(() => loadSettings({ HOTLINE_SMTP_URL: 'http://mail', HOTLINE_SMTP_FROM: 'x@y' }), /smtp:\/\//);
  assert.throws(() => loadSettings({ HOTLINE_SMTP_URL: 'smtp://mail' }), /SMTP_FROM/);
});

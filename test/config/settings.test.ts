import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadSettings, SettingsError } from '../../src/config/settings.ts';

test('defaults apply with an empty environment', () => {
  const s = loadSettings({});
  assert.equal(s.sipPort, 5060);
  assert.equal(s.httpPort, 8080);
  assert.deepEqual(s.rtpPorts, { min: 20000, max: 29999 });
  assert.equal(s.databaseUrl, undefined);
  assert.equal(s.advertisedAddress, '127.0.0.1');
  assert.match(s.dataDir, /data$/);
});

test('environment variables override, config file sits under them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-settings-'));
  const file = join(dir, 'hotline.yaml');
  writeFileSync(file, 'sipPort: 5070\nhttpPort: 9000\nrtpPorts: 30000-30099\n');
  const s = loadSettings({ HOTLINE_CONFIG: file, HOTLINE_SIP_PORT: '5080', HOTLINE_SIP_ADDRESS: '127.0.0.2' });
  assert.equal(s.sipPort, 5080);
  assert.equal(s.httpPort, 9000);
  assert.deepEqual(s.rtpPorts, { min: 30000, max: 30099 });
  assert.equal(s.advertisedAddress, '127.0.0.2');
  assert.deepEqual(loadSettings({ HOTLINE_SIP_DIGEST_ALGORITHMS: 'sha-256, md5' }).sipDigestAlgorithms, ['SHA-256', 'MD5']);
  assert.deepEqual(loadSettings({}).sipDigestAlgorithms, ['MD5']);
  assert.equal(loadSettings({}).recordCalls, true);
  assert.equal(loadSettings({}).forceRport, true);
  assert.equal(loadSettings({ HOTLINE_SIP_FORCE_RPORT: 'false' }).forceRport, false);
  assert.equal(loadSettings({ HOTLINE_RECORD_CALLS: 'off' }).recordCalls, false);
  assert.throws(() => loadSettings({ HOTLINE_RECORD_CALLS: 'maybe' }), /HOTLINE_RECORD_CALLS must be true or false/);
  assert.equal(loadSettings({}).demo, true);
  assert.equal(loadSettings({ HOTLINE_DEMO: 'false' }).demo, false);
  assert.throws(() => loadSettings({ HOTLINE_DEMO: 'nah' }), /HOTLINE_DEMO must be true or false/);
});

test('bad values are refused with a clear message', () => {
  assert.throws(() => loadSettings({ HOTLINE_SIP_PORT: 'abc' }), SettingsError);
  assert.throws(() => loadSettings({ HOTLINE_RTP_PORTS: '30000' }), /20000-29999/);
  assert.throws(() => loadSettings({ HOTLINE_RTP_PORTS: '3000-2000' }), SettingsError);
  assert.throws(() => loadSettings({ DATABASE_URL: 'mysql://x' }), /postgres/);
  assert.throws(() => loadSettings({ HOTLINE_SIP_DIGEST_ALGORITHMS: 'MD5,SHA1' }), /MD5 and\/or SHA-256/);
  const dir = mkdtempSync(join(tmpdir(), 'hotline-settings-'));
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, 'sipPrt: 5070\n');
  assert.throws(() => loadSettings({ HOTLINE_CONFIG: file }), /unknown setting 'sipPrt'/);
});

test('SIP edge limits: Kamailio-like defaults, environment over the file, bad values refused', () => {
  const d = loadSettings({});
  assert.deepEqual(d.sipEdge, {
    rateLimit: 16, rateWindowSeconds: 2, trunkRateLimit: 0, banSeconds: 300, dropScanners: true,
    authMaxFailures: 5, authUserMaxFailures: 20, authFailureWindowSeconds: 600,
    tcpMaxConnections: 2048, tcpMaxConnectionsPerSource: 32, tcpMessageTimeoutSeconds: 10, tcpIdleTimeoutSeconds: 300,
  });
  assert.equal(d.sipServerHeader, undefined);
  assert.equal(d.sipUserMaxCalls, 4);
  assert.equal(d.sipUserCallsPerMinute, 10);
  const dir = mkdtempSync(join(tmpdir(), 'hotline-settings-'));
  const file = join(dir, 'edge.yaml');
  writeFileSync(file, 'sipEdge:\n  rateLimit: 50\n  banSeconds: 60\n  dropScanners: false\nsipServerHeader: PBX\n');
  const s = loadSettings({ HOTLINE_CONFIG: file, HOTLINE_SIP_RATE_LIMIT: '40', HOTLINE_SIP_USER_MAX_CALLS: '0' });
  assert.equal(s.sipEdge.rateLimit, 40);
  assert.equal(s.sipEdge.banSeconds, 60);
  assert.equal(s.sipEdge.dropScanners, false);
  assert.equal(s.sipServerHeader, 'PBX');
  assert.equal(s.sipUserMaxCalls, 0);
  assert.throws(() => loadSettings({ HOTLINE_SIP_RATE_LIMIT: '-1' }), /HOTLINE_SIP_RATE_LIMIT must be a whole number/);
  assert.throws(() => loadSettings({ HOTLINE_SIP_DROP_SCANNERS: 'maybe' }), /HOTLINE_SIP_DROP_SCANNERS must be true or false/);
  assert.throws(() => loadSettings({ HOTLINE_SIP_SERVER_HEADER: 'a\r\nX-Injected: 1' }), /one line/);
  writeFileSync(file, 'sipEdge:\n  rateLimt: 5\n');
  assert.throws(() => loadSettings({ HOTLINE_CONFIG: file }), /unknown setting 'sipEdge.rateLimt'/);
});

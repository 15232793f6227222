/**
 * R11 across restarts of the whole platform: a missed call while no SMS gateway is configured is
 * held in the outbox; the next start (same data directory) with the gateway sends it once; the
 * start after that sends nothing again.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startPlatform } from '../../src/platform/platform.ts';
import type { Platform } from '../../src/platform/platform.ts';
import { applyImport } from '../../src/provisioning/apply-import.ts';
import { usersSettings } from '../../src/users/users-settings.ts';
import { TEST_SCRYPT } from '../../src/users/password.ts';
import { listOutbox } from '../../src/notify/outbox-store.ts';
import { harnessSettings, tenantWithNumber } from '../support/platform-harness.ts';
import { freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { callerScenario, phoneScenario } from '../support/sipp-scenarios.ts';
import { SmppGateway } from '../notify/support/smpp-gateway.ts';

const NUMBER = '4006123456';
const CALLER = '13912345678';
const dataDir = mkdtempSync(join(tmpdir(), 'hotline-notify-restart-'));
const gw = new SmppGateway();
let running: Platform | undefined;

after(async () => {
  await running?.stop();
  await gw.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(withGateway: boolean, logs: string[]): Promise<Platform> {
  const settings = harnessSettings(dataDir, withGateway ? { HOTLINE_SMPP_HOST: '127.0.0.1', HOTLINE_SMPP_PORT: String(gw.port), HOTLINE_SMPP_SYSTEM_ID: 'hotline', HOTLINE_SMPP_PASSWORD: 'secret', HOTLINE_SMS_SOURCE_ADDRESS: '10690001' } : {});
  running = await startPlatform(settings, { loadDemo: false, log: (l) => logs.push(l) });
  return running;
}

async function tenantId(p: Platform): Promise<string> {
  return (await p.database.db.withTables<{ tenants: { id: string; code: string } }>().selectFrom('tenants').select('id').where('code', '=', 'acme').executeTakeFirstOrThrow()).id;
}

test('a held alert survives restarts: sent once after the gateway appears, never again', async () => {
  await gw.start();
  // Run 1: no gateway configured. A busy call → the alert is queued and held.
  const logs: string[] = [];
  const p1 = await start(false, logs);
  const phonePort = await freeUdpPort();
  const tenant = tenantWithNumber(NUMBER, []);
  tenant.numbers = [{ number: NUMBER, boundPhones: [{ pstn: '13800138000' }], missedCallAlerts: { mobiles: ['13700137000'] } }];
  await applyImport(p1.database.db, { trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: phonePort, transport: 'udp' } }], tenants: [tenant] }, usersSettings({ sipRealm: p1.settings.sipRealm, scrypt: TEST_SCRYPT }));
  await p1.trunks.refresh();
  const uas = startSipp({ scenario: phoneScenario({ kind: 'busy' }, CALLER), port: phonePort, mediaPort: nextMediaPort() });
  await new Promise((r) => setTimeout(r, 300));
  const uac = startSipp({ scenario: callerScenario({ kind: 'expect-failure', status: 486 }), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${p1.sipPort}`, service: NUMBER, keys: { caller: CALLER } });
  const [c, p] = await Promise.all([uac.done, uas.done]);
  assert.equal(c.exitCode, 0, c.errors);
  assert.equal(p.exitCode, 0, p.errors);
  const t = await tenantId(p1);
  for (let i = 0; i < 50 && (await listOutbox(p1.database.db, t)).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  const held = await listOutbox(p1.database.db, t);
  assert.equal(held.length, 1);
  assert.equal(held[0]?.state, 'queued');
  assert.equal(held[0]?.attempts, 0);
  assert.ok(logs.some((l) => /no sms or email gateway configured/.test(l)), logs.join('\n'));
  await p1.stop();
  running = undefined;
  assert.equal(gw.messages.length, 0);

  // Run 2: the gateway is configured → the held alert goes out.
  const p2 = await start(true, []);
  const [sms] = await gw.waitFor(1);
  assert.match(sms?.text ?? '', new RegExp(`未接来电：${CALLER} 于 \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} 拨打 400-612-3456`));
  for (let i = 0; i < 50 && (await listOutbox(p2.database.db, t))[0]?.state !== 'sent'; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal((await listOutbox(p2.database.db, t))[0]?.state, 'sent');
  await p2.stop();
  running = undefined;

  // Run 3: nothing left; the gateway sees a bind but no second submit.
  const bindsBefore = gw.binds;
  const p3 = await start(true, []);
  for (let i = 0; i < 50 && gw.binds === bindsBefore; i++) await new Promise((r) => setTimeout(r, 100));
  await p3.notifications.worker.idle();
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(gw.submits.length, 1);
  assert.equal(gw.messages.length, 1);
});

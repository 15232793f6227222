/**
 * Nothing is lost: a call that is up when the platform process dies (SIGKILL, no chance to
 * clean up) still has its call record, closed as interrupted at the next start.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAndStop, startHotline } from '../support/hotline-process.ts';
import { freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { callerScenario, phoneScenario } from '../support/sipp-scenarios.ts';
import { openDatabase } from '../../src/db/database.ts';
import { listCallRecords } from '../../src/cdr/call-record-store.ts';
import { applyImport } from '../../src/provisioning/apply-import.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { usersSettings } from '../../src/users/users-settings.ts';
import { TEST_SCRYPT } from '../../src/users/password.ts';
import { OUTBOUND_CONTROLS_OFF, tenantWithNumber } from '../support/platform-harness.ts';
import { freePort } from '../support/free-port.ts';



test('a call up when the process is killed is closed as interrupted at the next start', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-crash-'));
  // hotline binds SIP on UDP and TCP: the port must be free for both (a UDP-only check lost a CI run to EADDRINUSE).
  const sipPort = await freePort('tcp');
  const phonePort = await freeUdpPort();
  // The test tenant has no rate plan: without OUTBOUND_CONTROLS_OFF its PSTN phone is refused as unrated.
  const env = { ...OUTBOUND_CONTROLS_OFF, HOTLINE_DATA_DIR: dataDir, HOTLINE_SIP_ADDRESS: '127.0.0.1', HOTLINE_SIP_PORT: String(sipPort), HOTLINE_HTTP_ADDRESS: '127.0.0.1', HOTLINE_HTTP_PORT: '0', HOTLINE_RTP_PORTS: '47000-47099' };
  const setup = await openDatabase({ dataDir });
  await migrateToLatest(setup.db);
  await applyImport(setup.db, {
    trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: phonePort } }],
    tenants: [tenantWithNumber('4006123456', [{ pstn: '13800138000' }])],
  }, usersSettings({ scrypt: TEST_SCRYPT }));
  const tenantId = (await setup.db.withTables<{ tenants: { id: string; code: string } }>().selectFrom('tenants').select('id').where('code', '=', 'acme').executeTakeFirstOrThrow()).id;
  await setup.close();

  const first = startHotline(env);
  try {
    await first.ready;
    const phone = startSipp({ scenario: phoneScenario({ kind: 'answer', ringMs: 100, hangup: 'caller', talkMs: 20000 }, '13912345678'), port: phonePort, mediaPort: nextMediaPort(), timeoutSeconds: 15 });
    const caller = startSipp({ scenario: callerScenario({ kind: 'talk', talkMs: 20000, hangup: 'caller' }), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${sipPort}`, service: '4006123456', keys: { caller: '13912345678' }, timeoutSeconds: 15 });
    // Wait until the call is answered (the record shows an answering party once closed — so
    // poll the open record's existence, then give the answer a moment).
    const db = await openDatabase({ dataDir });
    try {
      for (let i = 0; i < 100 && (await listCallRecords(db.db, tenantId)).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal((await listCallRecords(db.db, tenantId)).length, 1, 'the record exists while the call is up');
      await new Promise((r) => setTimeout(r, 1000));
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));
      const open = await listCallRecords(db.db, tenantId);
      assert.equal(open[0]?.outcome, null, 'still open after the crash');
    } finally {
      await db.close();
    }
    phone.kill();
    caller.kill();

    assert.match(await startAndStop({ ...env, HOTLINE_SIP_PORT: String(await freePort('tcp')) }), /Closed 1 call record\(s\) left open by the last run as interrupted/);
    const after = await openDatabase({ dataDir });
    const [r] = await listCallRecords(after.db, tenantId);
    await after.close();
    assert.equal(r?.outcome, 'interrupted');
    assert.ok(r?.endedAt);
  } finally {
    if (first.child.exitCode === null) first.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

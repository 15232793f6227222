/**
 * Stopping the platform with a call up (SIGTERM in production): the call is hung up on both sides
 * and its record closed before the database is, and nothing throws on the way down (an endpoint
 * destroyed as the media engine closes under it is not an error).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { callerScenario, phoneScenario } from '../support/sipp-scenarios.ts';
import { freePort } from '../support/free-port.ts';
import { openDatabase } from '../../src/db/database.ts';
import { until } from '../support/until.ts';

test('a platform stopped mid-call says BYE to both sides and closes the record before the database', async () => {
  const escaped: unknown[] = [];
  const onEscape = (err: unknown): void => void escaped.push(err);
  process.on('unhandledRejection', onEscape);
  const h = await startHarness();
  try {
    const phonePort = await freeUdpPort();
    await h.provision({
      trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: phonePort, transport: 'udp' } }],
      tenants: [tenantWithNumber('4006123456', [{ pstn: '13800138000' }])],
    });
    // Both sides talk (RTP echoed) and wait for a BYE they did not send.
    const uas = startSipp({ scenario: phoneScenario({ kind: 'answer', ringMs: 200, hangup: 'caller', talkMs: 30_000 }, '13912345678'), port: phonePort, mediaPort: nextMediaPort(), extraArgs: ['-rtp_echo'] });
    await new Promise((r) => setTimeout(r, 300));
    const uac = startSipp({ scenario: callerScenario({ kind: 'talk', talkMs: 30_000, hangup: 'callee', playAudio: true }), port: await freePort('udp'), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: '4006123456', keys: { caller: '13912345678' } });
    const records = () => h.platform.database.db.withTables<{ call_records: { answered_at: unknown; ended_at: unknown; outcome: string | null; ended_by: string | null } }>().selectFrom('call_records').selectAll().execute();
    await until(async () => (await records()).some((r) => r.answered_at !== null), 'the call is answered', 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    await h.platform.stop();
    const [c, p] = await Promise.all([uac.done, uas.done]);
    assertSippPassed(c, 'caller');
    assertSippPassed(p, 'phone');
    const db = await openDatabase({ dataDir: h.dataDir });
    try {
      const [rec] = await db.db.withTables<{ call_records: { outcome: string | null; ended_by: string | null; talk_seconds: number } }>().selectFrom('call_records').selectAll().execute();
      assert.equal(rec?.outcome, 'answered', 'closed at the stop, not left for the next start to call interrupted');
      assert.equal(rec?.ended_by, 'platform');
      assert.ok(Number(rec?.talk_seconds) >= 1);
    } finally {
      await db.close();
    }
    assert.deepEqual(escaped, [], 'nothing escaped on the way down');
    assert.doesNotMatch(h.logs(), /call error|sip internal error/, 'nothing failed on the way down');
  } finally {
    process.off('unhandledRejection', onEscape);
    await h.stop();
  }
});

/**
 * Issue 11 finding 3: 1 100 idle half-sent TCP connections from one client exhausted file
 * descriptors; the API refused connections and a call failed. Now an address gets
 * HOTLINE_SIP_TCP_MAX_CONNECTIONS_PER_SOURCE (32) connections, the rest are closed as they are
 * accepted, the API and a call over TCP from the trunk go on, and the 32 are closed once
 * HOTLINE_SIP_TCP_MESSAGE_TIMEOUT passes without a complete message.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { startHarness } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { trunkCall } from '../support/trunk-call.ts';
import { until } from '../support/until.ts';

let h: Harness | undefined;
const sockets: Socket[] = [];
after(async () => {
  for (const s of sockets) s.destroy();
  await h?.stop();
});

test('1 100 idle half-sent TCP connections from one address do not stop the API or a call', async () => {
  h = await startHarness({ env: { HOTLINE_SIP_TCP_MESSAGE_TIMEOUT: '3' } });
  const platform = h.platform;
  let closed = 0;
  let connected = 0;
  await Promise.all(
    Array.from({ length: 1100 }, () =>
      new Promise<void>((resolve) => {
        const s = connect({ host: '127.0.0.1', port: platform.sipPort, localAddress: '127.0.0.8' });
        sockets.push(s);
        s.on('connect', () => {
          connected++;
          // Half a request, never finished (as the attacker did).
          s.write('INVITE sip:4006123456@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.8:5060;branch=z9hG4bK-half\r\n');
          resolve();
        });
        s.on('error', () => resolve());
        s.on('close', () => {
          closed++;
          resolve();
        });
      }),
    ),
  );
  await until(() => closed >= 1100 - 32, 'the connections over the cap to be closed', 20_000);
  const stats = platform.sipStats();
  assert.ok(stats.tcpConnections <= 32, `${stats.tcpConnections} connections held`);
  assert.ok(stats.tcpConnectionsRefused >= 1100 - 32, `${stats.tcpConnectionsRefused} refused`);
  assert.ok(connected >= 32);

  // The HTTP API still answers, and a call from the trunk over TCP goes through.
  const health = await fetch(`http://127.0.0.1:${platform.httpPort}/healthz`);
  assert.equal(health.status, 200);
  const rec = await trunkCall(h, { kind: 'answer', ringMs: 100, hangup: 'caller', talkMs: 1200 }, { kind: 'talk', talkMs: 1000, hangup: 'caller' }, 'tcp');
  assert.equal(rec.outcome, 'answered');

  // The 32 never finish their message: closed after the message timeout, not the 300 s idle timeout.
  await until(() => closed === 1100, 'the half-sent connections to be closed', 20_000);
  assert.equal(platform.sipStats().tcpConnections, 0);
});

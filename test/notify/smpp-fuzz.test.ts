/**
 * A gateway that talks garbage must never crash the process or wedge the sender: whatever bytes
 * arrive, the sender times out, drops the link and reconnects.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { test } from 'node:test';
import { SmppSender } from '../../src/notify/smpp-sender.ts';

/** Deterministic pseudo-random bytes (xorshift), so a failure can be replayed. */
function junk(seed: number, n: number): Buffer {
  let x = seed || 1;
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const CASES: Buffer[] = [
  junk(1, 64),
  junk(2, 3),
  // A header that claims a 4 GiB PDU.
  Buffer.from([0xff, 0xff, 0xff, 0xff, 0x80, 0x00, 0x00, 0x09, 0, 0, 0, 0, 0, 0, 0, 1]),
  // A header shorter than the SMPP minimum (16 octets).
  Buffer.from([0x00, 0x00, 0x00, 0x04, 0x80, 0x00, 0x00, 0x09]),
  // bind_transceiver_resp for a sequence nobody sent, then an unknown command id.
  Buffer.from([0, 0, 0, 0x11, 0x80, 0, 0, 0x09, 0, 0, 0, 0, 0, 0, 0x30, 0x39, 0, 0, 0, 0, 0x10, 0x7f, 0x7f, 0x7f, 0x7f, 0, 0, 0, 0, 0, 0, 0, 2]),
  junk(3, 4096),
];

test('garbage from the gateway: no crash, no bind, reconnects each time', async (t) => {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    const payload = CASES[connections % CASES.length] ?? Buffer.alloc(0);
    connections++;
    socket.write(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const logs: string[] = [];
  const sender = new SmppSender({ host: '127.0.0.1', port, systemId: 'x', password: 'y', sourceAddress: '1', responseTimeoutMs: 100, backoff: { initialMs: 10, maxMs: 20 }, log: (l) => logs.push(l) });
  t.after(async () => {
    await sender.close();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const deadline = Date.now() + 15_000;
  while (connections < CASES.length + 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(connections > CASES.length, `only ${connections} connections: the sender got stuck\n${logs.join('\n')}`);
  assert.equal(sender.ready, false);
});

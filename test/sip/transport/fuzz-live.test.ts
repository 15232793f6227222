// Mutated messages against a live endpoint over UDP and one TCP stream cut at random points: the
// endpoint never throws, keeps its tables bounded, and still answers an OPTIONS afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { SipEndpoint } from '../../../src/sip/endpoint/sip-endpoint.ts';
import { createResponse } from '../../../src/sip/message/create-response.ts';
import { seededRandom } from '../../../src/random/seeded-random.ts';
import { TcpPeer, UdpPeer, WsPeer, options, serveSipWebSocket, statusLines } from './loopback-peer.ts';

const DIR = new URL('../../../../shared/testdata/sip/rfc4475/', import.meta.url);
const seeds = readdirSync(DIR).filter((f) => f.endsWith('.dat')).map((f) => readFileSync(new URL(f, DIR)));

const TOKENS = ['\r\n', ':', ';', ',', '<', '>', '"', '\\', ' ', '\0', 'SIP/2.0', 'Content-Length: 99999', 'Via: ', '%', '\r\n\r\n', 'l: -1'];

function mutate(buf: Buffer, r: () => number): Buffer {
  let b = Buffer.from(buf);
  const edits = 1 + Math.floor(r() * 6);
  for (let i = 0; i < edits; i++) {
    const pos = Math.floor(r() * Math.max(1, b.length));
    const kind = r();
    if (kind < 0.3) b[pos] = Math.floor(r() * 256);
    else if (kind < 0.55) b = Buffer.concat([b.subarray(0, pos), b.subarray(Math.min(b.length, pos + 1 + Math.floor(r() * 40)))]);
    else if (kind < 0.85) b = Buffer.concat([b.subarray(0, pos), Buffer.from(TOKENS[Math.floor(r() * TOKENS.length)] ?? ''), b.subarray(pos)]);
    else b = Buffer.concat([b.subarray(0, pos), b.subarray(pos, pos + 200), b.subarray(pos)]);
  }
  return b;
}

test('2 000 mutated messages over UDP and TCP: no crash, OPTIONS still answered, tables drain', async () => {
  const ep = await SipEndpoint.listen({ address: '127.0.0.1', port: 0, timers: { t1: 5, t2: 20, t4: 20 }, forceRport: true });
  ep.onRequest = (tx) => void tx.respond(createResponse(tx.request, tx.request.method === 'OPTIONS' ? 200 : 501));
  const udp = await UdpPeer.open();
  const r = seededRandom(0x5eed);
  try {
    for (let i = 0; i < 1000; i++) udp.send(mutate(seeds[i % seeds.length] as Buffer, r), ep.port);
    // One TCP stream of 1 000 mutations written in random-sized chunks.
    const tcp = await TcpPeer.connect(ep.port);
    const stream = Buffer.concat(Array.from({ length: 1000 }, (_, i) => mutate(seeds[i % seeds.length] as Buffer, r)));
    for (let off = 0; off < stream.length; ) {
      const n = 1 + Math.floor(r() * 3000);
      tcp.write(stream.subarray(off, off + n));
      off += n;
    }
    tcp.socket.end();
    await tcp.until((_d, closed) => closed, 10_000);
    tcp.close();
    const probe = `fuzz-probe-${Date.now()}`;
    udp.send(options({ via: `SIP/2.0/UDP 127.0.0.1:${udp.port};branch=z9hG4bK-${probe};rport`, callId: probe }), ep.port);
    const started = Date.now();
    while (!udp.received.some((t) => t.includes(probe) && t.startsWith('SIP/2.0 200'))) {
      assert.ok(Date.now() - started < 10_000, 'OPTIONS after the fuzzing was not answered');
      await udp.waitFor(udp.received.length + 1, 10_000);
    }
    const fresh = await TcpPeer.connect(ep.port);
    fresh.write(options({ via: `SIP/2.0/TCP 127.0.0.1:${fresh.localPort};branch=z9hG4bK-tcp-${probe}`, callId: `tcp-${probe}` }));
    assert.deepEqual(statusLines(await fresh.until((d) => statusLines(d).length > 0)), ['SIP/2.0 200 OK']);
    fresh.close();
    for (let i = 0; i < 200 && (ep.stats().serverTransactions > 0 || ep.stats().tcpConnections > 0); i++) await new Promise((res) => setTimeout(res, 20));
    assert.equal(ep.stats().serverTransactions, 0);
    assert.equal(ep.stats().tcpConnections, 0);
    assert.ok(ep.stats().parseErrors > 0);
    assert.equal(ep.stats().internalErrors, 0, 'no exception escaped the stack');
  } finally {
    udp.close();
    await ep.close();
  }
});

test('1 000 mutated messages over one WebSocket (one SIP message each): no crash, OPTIONS still answered on it', async () => {
  const ep = await SipEndpoint.listen({ address: '127.0.0.1', port: 0, timers: { t1: 5, t2: 20, t4: 20 } });
  ep.onRequest = (tx) => void tx.respond(createResponse(tx.request, tx.request.method === 'OPTIONS' ? 200 : 501));
  const http = await serveSipWebSocket(ep);
  const r = seededRandom(0x7118);
  try {
    const peer = await WsPeer.connect(http.port);
    for (let i = 0; i < 1000; i++) peer.send(mutate(seeds[i % seeds.length] as Buffer, r));
    const probe = `ws-fuzz-probe-${Date.now()}`;
    peer.send(options({ via: `SIP/2.0/WS probe.invalid;branch=z9hG4bK-${probe}`, callId: probe }));
    const got = await peer.until((texts) => texts.some((t) => t.includes(probe)), 20_000);
    assert.ok(got.some((t) => t.includes(probe) && t.startsWith('SIP/2.0 200')), 'OPTIONS after the fuzzing was answered 200');
    peer.close();
    for (let i = 0; i < 200 && (ep.stats().serverTransactions > 0 || ep.stats().webSocketConnections > 0); i++) await new Promise((res) => setTimeout(res, 20));
    assert.equal(ep.stats().serverTransactions, 0);
    assert.equal(ep.stats().webSocketConnections, 0);
    assert.ok(ep.stats().parseErrors > 0);
    assert.equal(ep.stats().internalErrors, 0, 'no exception escaped the stack');
  } finally {
    await http.close();
    await ep.close();
  }
});

// SIP over WebSocket (RFC 7118) on real loopback sockets: one SIP message per WebSocket message,
// answers over the same connection, requests to a browser by the made-up host it names itself by
// (`*.invalid`) over its own connection, the size limit, the connection caps and bans of the edge
// guard, and the platform's /sip route refusing an upgrade without the `sip` subprotocol.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { SipEndpoint } from '../../../src/sip/endpoint/sip-endpoint.ts';
import type { SipEndpointOptions } from '../../../src/sip/endpoint/sip-endpoint-types.ts';
import { createResponse } from '../../../src/sip/message/create-response.ts';
import { SipRequest } from '../../../src/sip/message/message.ts';
import type { SipResponse } from '../../../src/sip/message/message.ts';
import { parseUri } from '../../../src/sip/message/uri.ts';
import { SipHeaders } from '../../../src/sip/message/sip-headers.ts';
import { EdgeGuard } from '../../../src/sip/edge/edge-guard.ts';
import { systemClock } from '../../../src/kernel/clock.ts';
import { sipWebSocketRoute } from '../../../src/platform/sip-websocket.ts';
import type { Source } from '../../../src/sip/transport/address.ts';
import { WsPeer, options, serveSipWebSocket, statusLines } from './loopback-peer.ts';

async function withWs(opts: Partial<SipEndpointOptions>, fn: (ep: SipEndpoint, port: number) => Promise<void>): Promise<void> {
  const ep = await SipEndpoint.listen({ address: '127.0.0.1', port: 0, ...opts });
  ep.onRequest = (tx) => void tx.respond(createResponse(tx.request, 200, `OK ${tx.request.headers.callId()}`));
  const http = await serveSipWebSocket(ep);
  try {
    await fn(ep, http.port);
  } finally {
    await http.close();
    await ep.close();
  }
}

const wsVia = (branch: string): string => `SIP/2.0/WS abc123.invalid;branch=z9hG4bK-${branch}`;

test('each WebSocket message is one SIP message; the answer comes back over the connection, with received', async () => {
  await withWs({}, async (ep, port) => {
    const peer = await WsPeer.connect(port);
    try {
      // No Content-Length: the WebSocket message is the boundary (RFC 7118 §5.2).
      peer.send(options({ via: wsVia('a'), callId: 'A' }).replace(/Content-Length: 0\r\n/, ''));
      peer.send(options({ via: wsVia('b'), callId: 'B', body: 'hi', extra: 'Content-Type: text/plain\r\n' }));
      const got = await peer.until((r) => r.length === 2);
      assert.deepEqual(got.map((t) => statusLines(t)[0]).sort(), ['SIP/2.0 200 OK A', 'SIP/2.0 200 OK B']);
      assert.match(got[0] ?? '', /^Via: SIP\/2\.0\/WS abc123\.invalid;branch=z9hG4bK-[ab];received=127\.0\.0\.1\r$/m);
      assert.equal(ep.stats().webSocketConnections, 1);
    } finally {
      peer.close();
    }
  });
});

test('a request to the browser goes over its own connection, found by the .invalid host it named itself by', async () => {
  await withWs({}, async (ep, port) => {
    const peer = await WsPeer.connect(port);
    try {
      peer.send(options({ via: wsVia('reg'), callId: 'R', method: 'REGISTER', extra: 'Contact: <sip:u7@abc123.invalid;transport=ws>\r\n' }));
      await peer.until((r) => r.length === 1);
      const req = new SipRequest('OPTIONS', parseUri('sip:u7@abc123.invalid;transport=ws'), new SipHeaders([
        ['From', '<sip:ep@127.0.0.1>;tag=x'], ['To', '<sip:u7@abc123.invalid>'], ['Call-ID', 'to-browser'], ['CSeq', '1 OPTIONS'], ['Max-Forwards', '70'],
      ]));
      const final = new Promise<SipResponse>((resolve, reject) => {
        ep.sendRequest(req, { transport: 'ws', host: 'abc123.invalid', port: 5060 }, { onFinal: resolve, onTimeout: () => reject(new Error('timeout')), onTransportError: reject });
      });
      const [, sent] = await peer.until((r) => r.length === 2);
      assert.match(sent ?? '', /^OPTIONS sip:u7@abc123\.invalid;transport=ws SIP\/2\.0\r\nVia: SIP\/2\.0\/WS 127\.0\.0\.1:\d+;branch=z9hG4bK/);
      const branch = /branch=([^;\r\n]+)/.exec(sent ?? '')?.[1];
      const via = /^Via: (.*)$/m.exec(sent ?? '')?.[1] ?? '';
      peer.send(`SIP/2.0 200 OK\r\nVia: ${via}\r\nFrom: <sip:ep@127.0.0.1>;tag=x\r\nTo: <sip:u7@abc123.invalid>;tag=b\r\nCall-ID: to-browser\r\nCSeq: 1 OPTIONS\r\n\r\n`);
      assert.equal((await final).status, 200, `answered (branch ${branch ?? '?'})`);
    } finally {
      peer.close();
    }
  });
});

test('a browser whose connection is gone cannot be reached: transport error, and the endpoint says which flow closed', async () => {
  const closed: Source[] = [];
  await withWs({}, async (ep, port) => {
    ep.onWebSocketClosed = (remote) => closed.push(remote);
    const peer = await WsPeer.connect(port);
    peer.send(options({ via: wsVia('x'), callId: 'X' }));
    await peer.until((r) => r.length === 1);
    const localPort = peer.localPort;
    peer.close();
    for (let i = 0; i < 300 && closed.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(closed, [{ transport: 'ws', address: '127.0.0.1', port: localPort }]);
    const req = new SipRequest('OPTIONS', parseUri('sip:u@abc123.invalid;transport=ws'), new SipHeaders([
      ['From', '<sip:ep@127.0.0.1>;tag=x'], ['To', '<sip:u@abc123.invalid>'], ['Call-ID', 'gone'], ['CSeq', '1 OPTIONS'], ['Max-Forwards', '70'],
    ]));
    const err = await new Promise<Error>((resolve, reject) => {
      ep.sendRequest(req, { transport: 'ws', host: 'abc123.invalid', port: 5060 }, { onFinal: () => reject(new Error('answered?')), onTransportError: resolve });
    });
    assert.match(err.message, /no WebSocket connection/);
  });
});

test('malformed and oversized messages: 400 with the reason, 513 and the connection closed; nothing throws', async () => {
  await withWs({ maxTcpMessage: 2000 }, async (ep, port) => {
    const peer = await WsPeer.connect(port);
    try {
      peer.send(options({ via: wsVia('m'), callId: 'M' }).replace('CSeq: 1 OPTIONS', 'CSeq: one OPTIONS'));
      const [bad] = await peer.until((r) => r.length === 1);
      assert.match(statusLines(bad ?? '')[0] ?? '', /^SIP\/2\.0 400 /);
      peer.send(options({ via: wsVia('big'), callId: 'BIG', body: 'x'.repeat(3000), extra: 'Content-Type: text/plain\r\n' }));
      const got = await peer.until((r, c) => r.length === 2 && c);
      assert.equal(statusLines(got[1] ?? '')[0], 'SIP/2.0 513 Message Too Large');
      assert.equal(ep.stats().internalErrors, 0);
    } finally {
      peer.close();
    }
  });
});

test('the edge guard: connection caps per source refuse a second browser; a banned address loses its connection', async () => {
  const guard = new EdgeGuard({
    clock: systemClock, rateLimit: 3, rateWindowMs: 60_000, trustedRateLimit: 0, banMs: 60_000, dropScanners: true,
    authMaxFailures: 0, authUserMaxFailures: 0, authFailureWindowMs: 60_000, isTrusted: () => false, log: () => undefined,
  });
  await withWs({ tcpMaxConnectionsPerSource: 1, guard }, async (ep, port) => {
    const first = await WsPeer.connect(port);
    const second = await WsPeer.connect(port);
    try {
      await second.until((_r, c) => c);
      assert.equal(ep.stats().tcpConnectionsRefused, 1);
      for (let i = 0; i < 6; i++) first.send(options({ via: wsVia(`f${i}`), callId: `F${i}` }));
      await first.until((_r, c) => c);
      assert.ok(first.received.length <= 3, `over the rate limit nothing more is answered (${first.received.length})`);
      assert.ok((ep.stats().edge?.dropped.rate ?? 0) > 0);
    } finally {
      first.close();
      second.close();
    }
  });
});

test('the platform route: /sip without the "sip" subprotocol is refused 400; with it the endpoint answers', async () => {
  const ep = await SipEndpoint.listen({ address: '127.0.0.1', port: 0 });
  ep.onRequest = (tx) => void tx.respond(createResponse(tx.request, 200));
  const route = sipWebSocketRoute(ep, false);
  const server = createServer((_q, s) => s.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => (route.handles(req) ? route.upgrade(req, socket, head) : socket.destroy()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  try {
    const raw = connect({ host: '127.0.0.1', port });
    let answer = '';
    raw.on('data', (d) => (answer += d.toString()));
    raw.write(`GET /sip HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    await new Promise((r) => raw.on('close', r));
    assert.match(answer, /^HTTP\/1\.1 400 /);
    const peer = await WsPeer.connect(port);
    assert.equal((peer.ws as unknown as { protocol: string }).protocol, 'sip');
    peer.send(options({ via: wsVia('p'), callId: 'P' }));
    assert.deepEqual(statusLines((await peer.until((r) => r.length === 1))[0] ?? ''), ['SIP/2.0 200 OK']);
    peer.close();
  } finally {
    route.close();
    await new Promise<void>((r) => server.close(() => r()));
    await ep.close();
  }
});

// TCP on real loopback sockets: stream framing, keepalives, responses over the request's
// connection, connection reuse for outgoing requests, limits, idle close, transport errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { SipEndpoint } from '../../../src/sip/endpoint/sip-endpoint.ts';
import type { SipEndpointOptions } from '../../../src/sip/endpoint/sip-endpoint-types.ts';
import { createResponse } from '../../../src/sip/message/create-response.ts';
import { SipRequest } from '../../../src/sip/message/message.ts';
import { parseUri } from '../../../src/sip/message/uri.ts';
import { SipHeaders } from '../../../src/sip/message/sip-headers.ts';
import { FakeClock } from '../../../src/kernel/fake-clock.ts';
import { TcpPeer, options, statusLines } from './loopback-peer.ts';

async function withEndpoint(opts: Partial<SipEndpointOptions>, fn: (ep: SipEndpoint) => Promise<void>): Promise<void> {
  const ep = await SipEndpoint.listen({ address: '127.0.0.1', port: 0, ...opts });
  ep.onRequest = (tx) => void tx.respond(createResponse(tx.request, 200, `OK ${tx.request.headers.callId()}`));
  try {
    await fn(ep);
  } finally {
    await ep.close();
  }
}

/** Polls a condition; a safety net against hanging, not a timing assertion. */
async function waitUntil(pred: () => boolean, ms = 3000): Promise<void> {
  const started = Date.now();
  while (!pred()) {
    if (Date.now() - started > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const via = (branch: string): string => `SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-${branch}`;

test('byte-by-byte, pipelined and CRLF-prefixed messages are framed; answers come over the same connection', async () => {
  await withEndpoint({}, async (ep) => {
    const peer = await TcpPeer.connect(ep.port);
    try {
      const a = options({ via: via('a'), callId: 'A', body: 'hello' , extra: 'Content-Type: text/plain\r\n' });
      for (const ch of Buffer.from(a, 'latin1')) peer.write(Buffer.from([ch]));
      await peer.until((d) => statusLines(d).length === 1);
      peer.write('\r\n' + options({ via: via('b'), callId: 'B' }) + options({ via: via('c'), callId: 'C' }));
      const data = await peer.until((d) => statusLines(d).length === 3);
      assert.deepEqual(statusLines(data), ['SIP/2.0 200 OK A', 'SIP/2.0 200 OK B', 'SIP/2.0 200 OK C']);
      assert.equal(ep.stats().tcpConnections, 1);
    } finally {
      peer.close();
    }
  });
});

test('an RFC 5626 double-CRLF ping is answered with a single CRLF', async () => {
  await withEndpoint({}, async (ep) => {
    const peer = await TcpPeer.connect(ep.port);
    try {
      peer.write('\r\n\r\n');
      assert.equal(await peer.until((d) => d.length >= 2), '\r\n');
      peer.write('\r\n');
      peer.write('\r\n');
      assert.equal(await peer.until((d) => d.length >= 4), '\r\n\r\n');
    } finally {
      peer.close();
    }
  });
});

test('a message over the TCP limit gets 513 and the connection is closed', async () => {
  await withEndpoint({ maxTcpMessage: 2000 }, async (ep) => {
    const peer = await TcpPeer.connect(ep.port);
    try {
      peer.write(options({ via: via('big'), callId: 'BIG', body: 'z'.repeat(3000) }));
      const data = await peer.until((_d, closed) => closed);
      assert.deepEqual(statusLines(data), ['SIP/2.0 513 Message Too Large']);
      assert.match(data, /Call-ID: BIG/);
    } finally {
      peer.close();
    }
  });
});

test('negative and conflicting Content-Length get 400 and close the connection', async () => {
  await withEndpoint({}, async (ep) => {
    for (const [extra, reason] of [['Content-Length: -5\r\n', 'Bad Content-Length'], ['l: 7\r\n', 'Multiple Content-Length headers']] as const) {
      const peer = await TcpPeer.connect(ep.port);
      try {
        peer.write(options({ via: via('cl'), extra }));
        const data = await peer.until((_d, closed) => closed);
        assert.deepEqual(statusLines(data), [`SIP/2.0 400 ${reason}`]);
      } finally {
        peer.close();
      }
    }
    assert.ok(ep.stats().parseErrors >= 2);
  });
});

test('outgoing requests reuse the open connection, and its responses are matched', async () => {
  const accepted: Socket[] = [];
  const server = createServer((socket) => {
    accepted.push(socket);
    let buf = '';
    socket.on('data', (d) => {
      buf += d.toString('latin1');
      let end;
      while ((end = buf.indexOf('\r\n\r\n')) >= 0) {
        const head = buf.slice(0, end);
        buf = buf.slice(end + 4);
        const vias = head.split('\r\n').filter((l) => l.startsWith('Via:')).join('\r\n');
        const cseq = /CSeq: [^\r]*/.exec(head)?.[0] ?? '';
        const callId = /Call-ID: [^\r]*/.exec(head)?.[0] ?? '';
        socket.write(`SIP/2.0 200 OK\r\n${vias}\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\n${callId}\r\n${cseq}\r\nContent-Length: 0\r\n\r\n`);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  try {
    await withEndpoint({}, async (ep) => {
      const finals: number[] = [];
      for (let i = 0; i < 3; i++) {
        const req = new SipRequest('OPTIONS', parseUri(`sip:peer@127.0.0.1:${port};transport=tcp`), new SipHeaders([
          ['From', '<sip:ep@127.0.0.1>;tag=x'], ['To', '<sip:peer@127.0.0.1>'], ['Call-ID', `reuse-${i}`], ['CSeq', `${i + 1} OPTIONS`], ['Max-Forwards', '70'],
        ]));
        await new Promise<void>((resolve, reject) => {
          const tx = ep.sendRequest(req, { transport: 'tcp', host: '127.0.0.1', port }, {
            onFinal: (res) => {
              finals.push(res.status);
              resolve();
            },
            onTimeout: () => reject(new Error('timeout')),
            onTransportError: reject,
          });
          assert.match(tx.request.headers.get('Via') ?? '', new RegExp(`^SIP/2.0/TCP 127\\.0\\.0\\.1:${ep.port};branch=z9hG4bK\\w+;rport$`));
        });
      }
      assert.deepEqual(finals, [200, 200, 200]);
      assert.equal(accepted.length, 1, 'one connection for three requests');
      assert.equal(ep.stats().tcpConnections, 1);
    });
  } finally {
    for (const s of accepted) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('a refused connection is reported to the client transaction', async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  await withEndpoint({}, async (ep) => {
    const req = new SipRequest('OPTIONS', parseUri(`sip:nobody@127.0.0.1:${port}`), new SipHeaders([
      ['From', '<sip:ep@127.0.0.1>;tag=x'], ['To', '<sip:nobody@127.0.0.1>'], ['Call-ID', 'refused'], ['CSeq', '1 OPTIONS'], ['Max-Forwards', '70'],
    ]));
    const err = await new Promise<Error>((resolve, reject) => {
      ep.sendRequest(req, { transport: 'tcp', host: '127.0.0.1', port }, { onFinal: () => reject(new Error('unexpected final')), onTransportError: resolve });
    });
    assert.match(err.message, /ECONNREFUSED/);
    assert.equal(ep.stats().clientTransactions, 0);
  });
});

test('idle connections are closed after tcpIdleTimeout on the endpoint clock', async () => {
  const clock = new FakeClock();
  await withEndpoint({ clock, tcpIdleTimeout: 60_000 }, async (ep) => {
    const peer = await TcpPeer.connect(ep.port);
    try {
      peer.write(options({ via: via('idle'), callId: 'IDLE' }));
      await peer.until((d) => statusLines(d).length === 1);
      clock.advance(59_999);
      assert.equal(ep.stats().tcpConnections, 1);
      clock.advance(1);
      await peer.until((_d, closed) => closed);
      assert.equal(ep.stats().tcpConnections, 0);
    } finally {
      peer.close();
    }
  });
});

test('§18.2.2: when the request\'s connection is gone, the response opens one to received and the sent-by port', async () => {
  let got = '';
  const listener = createServer((socket) => socket.on('data', (d) => (got += d.toString('latin1'))));
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', () => r()));
  const listenPort = (listener.address() as { port: number }).port;
  try {
    await withEndpoint({}, async (ep) => {
      const pending: ((s: number) => void)[] = [];
      ep.onRequest = (tx) => pending.push((status) => void tx.respond(createResponse(tx.request, status)));
      const peer = await TcpPeer.connect(ep.port);
      peer.write(options({ via: `SIP/2.0/TCP client.invalid:${listenPort};branch=z9hG4bK-gone;rport`, callId: 'GONE' }));
      await waitUntil(() => pending.length > 0);
      peer.close();
      await waitUntil(() => ep.stats().tcpConnections === 0);
      pending[0]?.(200);
      await waitUntil(() => got.includes('\r\n\r\n'));
      assert.match(got, /^SIP\/2\.0 200 OK\r\n/);
      assert.match(got, /Call-ID: GONE/);
    });
  } finally {
    await new Promise<void>((r) => listener.close(() => r()));
  }
});

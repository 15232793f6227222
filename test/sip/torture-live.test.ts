// RFC 4475 torture messages against a live SipEndpoint over UDP, TCP and WebSocket (issue 2, "Proof"; RFC 7118): no
// `accept` message gets 400, every `reject` request gets a 4xx, responses get no answer, an OPTIONS
// right after each one gets 200, and neither the endpoint's tables nor the heap grow over rounds.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SipEndpoint } from '../../src/sip/endpoint/sip-endpoint.ts';
import { createResponse } from '../../src/sip/message/create-response.ts';
import { validateRequest } from '../../src/sip/message/validate-request.ts';
import type { ServerTransaction } from '../../src/sip/endpoint/sip-endpoint-types.ts';
import { TcpPeer, UdpPeer, WsPeer, options, serveSipWebSocket, statusLines } from './transport/loopback-peer.ts';

const DIR = new URL('../../../shared/testdata/sip/rfc4475/', import.meta.url);
const expectations = JSON.parse(readFileSync(new URL('expectations.json', DIR), 'utf8')) as Record<'accept' | 'reject' | 'either', string[]>;
const corpus = (['accept', 'reject', 'either'] as const).flatMap((cls) =>
  expectations[cls].map((name) => ({ name, cls, bytes: readFileSync(new URL(`${name}.dat`, DIR)) })),
);
const isResponse = (b: Buffer): boolean => b.toString('latin1', 0, 4) === 'SIP/';
const callIdOf = (b: Buffer): string | undefined => /^(?:Call-ID|i)[ \t]*:[ \t]*([^\r\n]*)/im.exec(b.toString('latin1'))?.[1]?.trim();

/** The TU of a minimal UAS: §8.2 checks, OPTIONS 200, every other method 501. */
function answer(tx: ServerTransaction): void {
  const problem = validateRequest(tx.request);
  if (problem !== undefined) {
    const res = createResponse(tx.request, problem.status, problem.reason);
    if (problem.unsupported !== undefined) res.headers.set('Unsupported', problem.unsupported.join(', '));
    tx.respond(res);
    return;
  }
  tx.respond(createResponse(tx.request, tx.request.method === 'OPTIONS' ? 200 : 501));
}

let ep: SipEndpoint;
let udp: UdpPeer;
let optionsSeq = 0;
let ws: { port: number; close(): Promise<void> };

before(async () => {
  // Short timers so that every transaction (Timer H, J, L …) ends within a second.
  ep = await SipEndpoint.listen({ address: '127.0.0.1', port: 0, timers: { t1: 10, t2: 40, t4: 50 }, forceRport: true });
  ep.onRequest = answer;
  udp = await UdpPeer.open();
  ws = await serveSipWebSocket(ep);
});

after(async () => {
  udp.close();
  await ws.close();
  await ep.close();
});

/** Status codes of the responses that carry this Call-ID (or no Call-ID at all, for a message without one). */
function answersFor(texts: string[], callId: string | undefined): number[] {
  return texts
    .flatMap((t) => t.split(/(?=^SIP\/2\.0 \d{3})/m))
    .filter((t) => (callId === undefined ? !/^Call-ID:/im.test(t) : t.includes(callId)))
    .map((t) => Number(t.split(' ')[1]));
}

async function udpOne(bytes: Buffer): Promise<number[]> {
  const start = udp.received.length;
  udp.send(bytes, ep.port);
  const probe = `probe-udp-${++optionsSeq}`;
  udp.send(options({ via: `SIP/2.0/UDP 127.0.0.1:${udp.port};branch=z9hG4bK-${probe};rport`, callId: probe }), ep.port);
  for (;;) {
    const got = await udp.waitFor(udp.received.length + 1);
    if (got.slice(start).some((t) => t.includes(probe))) break;
  }
  const texts = udp.received.splice(start);
  assert.deepEqual(answersFor(texts, probe), [200], 'the OPTIONS after it is answered');
  return answersFor(texts, callIdOf(bytes));
}

async function tcpOne(bytes: Buffer): Promise<number[]> {
  const peer = await TcpPeer.connect(ep.port);
  try {
    peer.socket.end(bytes); // half-close: the endpoint judges the message as it stands, answers, closes
    await peer.until((_d, closed) => closed);
  } finally {
    peer.close();
  }
  const probe = await TcpPeer.connect(ep.port);
  try {
    const id = `probe-tcp-${++optionsSeq}`;
    probe.write(options({ via: `SIP/2.0/TCP 127.0.0.1:${probe.localPort};branch=z9hG4bK-${id}`, callId: id }));
    const data = await probe.until((d) => statusLines(d).length >= 1);
    assert.deepEqual(statusLines(data), ['SIP/2.0 200 OK'], 'the OPTIONS after it is answered');
  } finally {
    probe.close();
  }
  return answersFor([peer.data], callIdOf(bytes));
}

/** One WebSocket message is one SIP message (RFC 7118 §5.2): judged as a datagram is, then an OPTIONS on the same connection. */
async function wsOne(bytes: Buffer): Promise<number[]> {
  const peer = await WsPeer.connect(ws.port);
  try {
    peer.send(bytes);
    const probe = `probe-ws-${++optionsSeq}`;
    peer.send(options({ via: `SIP/2.0/WS probe.invalid;branch=z9hG4bK-${probe}`, callId: probe }));
    const texts = await peer.until((r) => r.some((t) => t.includes(probe)));
    assert.deepEqual(answersFor(texts, probe), [200], 'the OPTIONS after it is answered');
    return answersFor(texts, callIdOf(bytes));
  } finally {
    peer.close();
  }
}

function judge(name: string, cls: string, bytes: Buffer, statuses: number[], transport: string): void {
  const where = `${name} over ${transport}: got ${JSON.stringify(statuses)}`;
  if (isResponse(bytes)) {
    assert.deepEqual(statuses, [], `${where}; a response gets no answer`);
    return;
  }
  if (cls === 'accept') {
    assert.ok(statuses.length > 0, `${where}; an accepted request is answered`);
    assert.ok(!statuses.includes(400), `${where}; must not be 400`);
  }
  if (cls === 'reject') {
    assert.ok(statuses.length > 0 && statuses.every((s) => (s >= 400 && s < 500) || s === 505), `${where}; must be refused with 4xx`);
  }
}

async function drained(): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const s = ep.stats();
    if (s.serverTransactions === 0 && s.clientTransactions === 0 && s.tcpConnections === 0 && s.webSocketConnections === 0 && s.pendingAcks === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`tables did not drain: ${JSON.stringify(ep.stats())}`);
}

for (const { name, cls, bytes } of corpus) {
  test(`${cls} ${name} over UDP, TCP and WebSocket`, async () => {
    judge(name, cls, bytes, await udpOne(bytes), 'UDP');
    judge(name, cls, bytes, await tcpOne(bytes), 'TCP');
    judge(name, cls, bytes, await wsOne(bytes), 'WebSocket');
  });
}

test('all 49 messages are covered', () => {
  assert.equal(corpus.length, 49);
});

test('tables return to zero and the heap stays bounded over repeated rounds', async (t) => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const heapAfterRound = async (): Promise<number> => {
    for (const { bytes } of corpus) {
      await udpOne(bytes);
      await tcpOne(bytes);
      await wsOne(bytes);
    }
    await drained();
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const first = await heapAfterRound();
  let last = first;
  for (let round = 0; round < 3; round++) last = await heapAfterRound();
  assert.equal(ep.stats().serverTransactions + ep.stats().tcpConnections + ep.stats().webSocketConnections + ep.stats().pendingAcks, 0);
  assert.equal(ep.stats().internalErrors, 0, 'no exception escaped the stack');
    t.diagnostic(`heap after round 1: ${first} bytes, after round 4: ${last} bytes`);
  // 3 rounds × 98 messages: a leak of 7 KiB per message would show as 2 MiB.
  assert.ok(last - first < 2 * 1024 * 1024, `heap grew by ${last - first} bytes`);
});

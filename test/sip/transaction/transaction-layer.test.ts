// The transaction layer on a FakeClock with a recording transport: matching (§17.1.3, §17.2.3,
// RFC 2543 fallback), CANCEL (§9.1, §9.2), 2xx retransmission until ACK (§13.3.1.4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../src/kernel/fake-clock.ts';
import { TransactionLayer } from '../../../src/sip/transaction/transaction-layer.ts';
import type { ServerTransaction } from '../../../src/sip/endpoint/sip-endpoint-types.ts';
import type { SipRequest, SipResponse } from '../../../src/sip/message/message.ts';
import { buildCancel } from '../../../src/sip/transaction/build-cancel.ts';
import type { Source } from '../../../src/sip/transport/address.ts';
import { request, response } from './tx-fixtures.ts';

const SRC: Source = { transport: 'udp', address: '127.0.0.1', port: 5070 };
const TARGET = { transport: 'udp' as const, host: '127.0.0.1', port: 5080 };

function setup() {
  const clock = new FakeClock();
  const out: { at: number; msg: SipRequest | SipResponse }[] = [];
  const txs: ServerTransaction[] = [];
  const acks: SipRequest[] = [];
  const stray: SipResponse[] = [];
  const layer = new TransactionLayer(
    {
      sendRequest: (req) => void out.push({ at: clock.now(), msg: req }),
      sendResponse: (res) => void out.push({ at: clock.now(), msg: res }),
    },
    { onRequest: (tx) => void txs.push(tx), onAck: (ack) => void acks.push(ack), onStrayResponse: (r) => void stray.push(r) },
    { clock },
  );
  const sent = (): string[] => out.map((o) => (o.msg.kind === 'request' ? o.msg.method : `${o.msg.status} ${o.msg.headers.cseq().method}`));
  return { clock, out, txs, acks, stray, layer, sent };
}

test('request retransmissions are absorbed; the server re-sends its last response', () => {
  const s = setup();
  const bye = request('BYE', { branch: 'z9hG4bK-bye1', callId: 'bye1' });
  s.layer.receiveRequest(bye, SRC);
  s.layer.receiveRequest(request('BYE', { branch: 'z9hG4bK-bye1', callId: 'bye1' }), SRC);
  assert.equal(s.txs.length, 1);
  s.txs[0]?.respond(response(bye, 200));
  s.layer.receiveRequest(request('BYE', { branch: 'z9hG4bK-bye1', callId: 'bye1' }), SRC);
  assert.deepEqual(s.sent(), ['200 BYE', '200 BYE']);
  assert.equal(s.layer.stats().serverTransactions, 1);
  s.clock.advance(32_000);
  assert.equal(s.layer.stats().serverTransactions, 0, 'Timer J removed it');
});

test('same branch, different sent-by, method, Call-ID or transport is a different transaction', () => {
  const s = setup();
  s.layer.receiveRequest(request('OPTIONS', { branch: 'z9hG4bK-same', callId: 'same' }), SRC);
  s.layer.receiveRequest(request('INFO', { branch: 'z9hG4bK-same', callId: 'same' }), SRC);
  const other = request('OPTIONS', { branch: 'z9hG4bK-same', callId: 'same' });
  other.headers.set('Via', 'SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bK-same');
  s.layer.receiveRequest(other, SRC);
  // A reused static branch on a new request (RFC 4475 style) is not taken for a retransmission.
  s.layer.receiveRequest(request('OPTIONS', { branch: 'z9hG4bK-same', callId: 'another-call' }), SRC);
  s.layer.receiveRequest(request('OPTIONS', { branch: 'z9hG4bK-same', callId: 'same' }), { ...SRC, transport: 'tcp' });
  assert.equal(s.txs.length, 5);
  s.layer.receiveRequest(request('OPTIONS', { branch: 'z9hG4bK-same', callId: 'same' }), SRC);
  assert.equal(s.txs.length, 5, 'a true retransmission still matches');
});

test('RFC 2543 requests (no magic cookie) are matched by Request-URI, tags, Call-ID, CSeq and top Via', () => {
  const s = setup();
  const mk = () => {
    const r = request('INVITE', { callId: 'legacy', cseq: 7 });
    r.headers.set('Via', 'SIP/2.0/UDP 127.0.0.1:5070');
    r.headers.set('From', '<sip:alice@example.com>;tag=L1');
    return r;
  };
  const invite = mk();
  s.layer.receiveRequest(invite, SRC);
  s.layer.receiveRequest(mk(), SRC);
  assert.equal(s.txs.length, 1, 'retransmission matched');
  s.txs[0]?.respond(response(invite, 486, 'ourtag'));
  const ack = mk();
  ack.method = 'ACK';
  ack.headers.setCSeq({ seq: 7, method: 'ACK' });
  ack.headers.set('To', '<sip:bob@example.com>;tag=ourtag');
  s.layer.receiveRequest(ack, SRC);
  assert.equal(s.txs[0]?.state, 'confirmed');
  assert.equal(s.acks.length, 0, 'the non-2xx ACK is absorbed');
  const cancelled = mk();
  cancelled.headers.set('From', '<sip:alice@example.com>;tag=OTHER');
  s.layer.receiveRequest(cancelled, SRC);
  assert.equal(s.txs.length, 2, 'a different From tag is a new transaction');
});

test('CANCEL: answered 200 by the layer, the INVITE transaction is told once; the TU sends 487', () => {
  const s = setup();
  const invite = request('INVITE', { branch: 'z9hG4bK-inv1' });
  s.layer.receiveRequest(invite, SRC);
  const tx = s.txs[0];
  assert.ok(tx);
  const cancels: SipRequest[] = [];
  tx.onCancel = (c) => cancels.push(c);
  tx.respond(response(invite, 180));
  const cancel = request('CANCEL', { branch: 'z9hG4bK-inv1', callId: invite.headers.callId() });
  s.layer.receiveRequest(cancel, SRC);
  s.layer.receiveRequest(request('CANCEL', { branch: 'z9hG4bK-inv1', callId: invite.headers.callId() }), SRC);
  assert.equal(cancels.length, 1);
  assert.equal(tx.cancelled, true);
  assert.equal(s.txs.length, 1, 'CANCEL is not passed to onRequest');
  tx.respond(response(invite, 487));
  assert.deepEqual(s.sent(), ['180 INVITE', '200 CANCEL', '200 CANCEL', '487 INVITE']);
});

test('CANCEL without a matching INVITE gets 481; after the final it gets 200 and no effect', () => {
  const s = setup();
  s.layer.receiveRequest(request('CANCEL', { branch: 'z9hG4bK-nothing' }), SRC);
  assert.deepEqual(s.sent(), ['481 CANCEL']);
  const invite = request('INVITE', { branch: 'z9hG4bK-inv2' });
  s.layer.receiveRequest(invite, SRC);
  const tx = s.txs[0];
  let told = 0;
  if (tx) tx.onCancel = () => void told++;
  tx?.respond(response(invite, 200));
  s.layer.receiveRequest(request('CANCEL', { branch: 'z9hG4bK-inv2', callId: invite.headers.callId() }), SRC);
  assert.equal(told, 0);
  assert.deepEqual(s.sent().slice(1), ['200 INVITE', '200 CANCEL']);
});

test('a 2xx to INVITE is retransmitted T1, 2T1 … T2 until the ACK (matched by Call-ID, CSeq, To tag)', () => {
  const s = setup();
  const invite = request('INVITE', { branch: 'z9hG4bK-ok1', cseq: 3 });
  s.layer.receiveRequest(invite, SRC);
  const tx = s.txs[0];
  tx?.respond(response(invite, 200, 'uas-tag'));
  s.clock.advance(8000);
  const times = s.out.filter((o) => o.msg.kind === 'response').map((o) => o.at);
  assert.deepEqual(times, [0, 500, 1500, 3500, 7500]);
  // A retransmitted INVITE is absorbed in Accepted (RFC 6026).
  s.layer.receiveRequest(request('INVITE', { branch: 'z9hG4bK-ok1', cseq: 3, callId: invite.headers.callId() }), SRC);
  const ack = request('ACK', { branch: 'z9hG4bK-ack-new', cseq: 3, callId: invite.headers.callId(), toTag: 'uas-tag' });
  s.layer.receiveRequest(ack, SRC);
  assert.equal(s.acks.length, 1, 'the ACK goes to the TU');
  assert.equal(s.layer.stats().pendingAcks, 0);
  s.clock.advance(20_000);
  assert.equal(s.out.length, 5, 'no retransmission after the ACK');
  assert.equal(s.layer.stats().retransmissionsSent, 4);
  s.clock.advance(10_000);
  assert.equal(s.layer.stats().serverTransactions, 0, 'Timer L ended it');
});

test('no ACK within 64*T1: retransmissions stop and onAckTimeout fires; an ACK with another To tag does not count', () => {
  const s = setup();
  const invite = request('INVITE', { branch: 'z9hG4bK-ok2' });
  s.layer.receiveRequest(invite, SRC);
  const tx = s.txs[0];
  let timeouts = 0;
  if (tx) tx.onAckTimeout = () => void timeouts++;
  tx?.respond(response(invite, 200, 'mine'));
  s.layer.receiveRequest(request('ACK', { cseq: 1, callId: invite.headers.callId(), toTag: 'someone-else' }), SRC);
  s.clock.advance(31_999);
  assert.equal(timeouts, 0);
  s.clock.advance(1);
  assert.equal(timeouts, 1);
  const n = s.out.length;
  // 0, .5, 1.5, 3.5, 7.5, 11.5, … 31.5 s: 11 transmissions.
  assert.equal(n, 11);
  s.clock.advance(60_000);
  assert.equal(s.out.length, n);
  assert.deepEqual(s.layer.stats(), { serverTransactions: 0, clientTransactions: 0, retransmissionsSent: 10, pendingAcks: 0, statelessResponses: 0 });
});

test('client: responses match by branch and CSeq method; strays go to the TU hook', () => {
  const s = setup();
  const req = request('OPTIONS', { branch: 'z9hG4bK-c1' });
  const finals: number[] = [];
  s.layer.sendRequest(req, TARGET, { onFinal: (r) => void finals.push(r.status) });
  const wrongMethod = response(req, 200);
  wrongMethod.headers.setCSeq({ seq: 1, method: 'INFO' });
  s.layer.receiveResponse(wrongMethod, SRC);
  assert.deepEqual(finals, []);
  assert.equal(s.stray.length, 1);
  s.layer.receiveResponse(response(req, 200), SRC);
  assert.deepEqual(finals, [200]);
});

test('cancel(): waits for a provisional, then sends a §9.1 CANCEL to the same target; the 487 is ACKed', () => {
  const s = setup();
  const invite = request('INVITE', { branch: 'z9hG4bK-c2' });
  invite.headers.append('Route', '<sip:proxy.example.com;lr>');
  const finals: number[] = [];
  const ctx = s.layer.sendRequest(invite, TARGET, { onFinal: (r) => void finals.push(r.status) });
  ctx.cancel();
  assert.deepEqual(s.sent(), ['INVITE'], 'no CANCEL before a provisional');
  s.layer.receiveResponse(response(invite, 100), SRC);
  assert.deepEqual(s.sent(), ['INVITE', 'CANCEL']);
  const cancel = s.out[1]?.msg as SipRequest;
  assert.equal(cancel.headers.via().length, 1);
  assert.equal(cancel.headers.via()[0]?.params.get('branch'), 'z9hG4bK-c2');
  assert.deepEqual(cancel.headers.cseq(), { seq: 1, method: 'CANCEL' });
  assert.deepEqual(cancel.headers.getAll('Route'), ['<sip:proxy.example.com;lr>']);
  assert.equal(cancel.headers.get('To'), invite.headers.get('To'));
  ctx.cancel();
  assert.equal(s.sent().filter((m) => m === 'CANCEL').length, 1, 'only one CANCEL');
  s.layer.receiveResponse(response(cancel, 200), SRC);
  s.layer.receiveResponse(response(invite, 487), SRC);
  assert.deepEqual(finals, [487]);
  assert.deepEqual(s.sent(), ['INVITE', 'CANCEL', 'ACK']);
  assert.deepEqual(buildCancel(invite).headers.cseq(), cancel.headers.cseq());
});

test('cancel() after the final response does nothing', () => {
  const s = setup();
  const invite = request('INVITE', { branch: 'z9hG4bK-c3' });
  const ctx = s.layer.sendRequest(invite, TARGET, { onFinal: () => undefined });
  s.layer.receiveResponse(response(invite, 200), SRC);
  ctx.cancel();
  assert.deepEqual(s.sent(), ['INVITE']);
  s.clock.advance(32_000);
  assert.equal(s.layer.stats().clientTransactions, 0);
});

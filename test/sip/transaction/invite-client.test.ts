import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InviteClientTransaction } from '../../../src/sip/transaction/invite-client.ts';
import { buildNon2xxAck } from '../../../src/sip/transaction/build-ack.ts';
import type { SipResponse } from '../../../src/sip/message/message.ts';
import { fakeContext, request, response, times } from './tx-fixtures.ts';

function setup(reliable = false) {
  const f = fakeContext(reliable);
  const invite = request('INVITE');
  const seen: string[] = [];
  const tx = new InviteClientTransaction(invite, f.ctx, {
    onProvisional: (r: SipResponse) => seen.push(`prov ${r.status}`),
    onFinal: (r: SipResponse) => seen.push(`final ${r.status}`),
    onRetransmitted2xx: (r: SipResponse) => seen.push(`again ${r.status}`),
    onTimeout: () => seen.push('timeout'),
    onTransportError: (e: Error) => seen.push(`error ${e.message}`),
  }, buildNon2xxAck);
  return { ...f, invite, seen, tx };
}

test('calling: Timer A retransmits at T1, 2T1, 4T1 … and Timer B times out at 64*T1', () => {
  const s = setup();
  s.tx.start();
  s.clock.advance(32_000);
  // Sent at 0, then after 500, 1000, 2000, 4000, 8000, 16000 ms intervals: 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s.
  assert.deepEqual(times(s.sent, 'INVITE'), [0, 500, 1500, 3500, 7500, 15500, 31500]);
  assert.equal(s.state.retransmissions, 6);
  assert.equal(s.tx.state, 'terminated');
  assert.deepEqual(s.seen, ['timeout']);
  assert.equal(s.state.terminated, 1);
  assert.equal(s.clock.pending, 0);
});

test('reliable transport: no Timer A, Timer B still fires', () => {
  const s = setup(true);
  s.tx.start();
  s.clock.advance(31_999);
  assert.deepEqual(times(s.sent, 'INVITE'), [0]);
  assert.equal(s.tx.state, 'calling');
  s.clock.advance(1);
  assert.equal(s.tx.state, 'terminated');
  assert.deepEqual(s.seen, ['timeout']);
});

test('provisional stops retransmissions; proceeding has no timeout of its own', () => {
  const s = setup();
  s.tx.start();
  s.clock.advance(600);
  s.tx.receiveResponse(response(s.invite, 180));
  assert.equal(s.tx.state, 'proceeding');
  s.clock.advance(100_000);
  assert.deepEqual(times(s.sent, 'INVITE'), [0, 500]);
  assert.equal(s.tx.state, 'proceeding');
  s.tx.receiveResponse(response(s.invite, 183));
  assert.deepEqual(s.seen, ['prov 180', 'prov 183']);
});

test('non-2xx final: ACK sent, retransmitted final re-ACKed but not passed up, Timer D = 32 s', () => {
  const s = setup();
  s.tx.start();
  s.tx.receiveResponse(response(s.invite, 100));
  s.tx.receiveResponse(response(s.invite, 486));
  assert.equal(s.tx.state, 'completed');
  assert.deepEqual(times(s.sent, 'ACK'), [0]);
  s.clock.advance(1000);
  s.tx.receiveResponse(response(s.invite, 486));
  assert.deepEqual(times(s.sent, 'ACK'), [0, 1000]);
  assert.deepEqual(s.seen, ['prov 100', 'final 486']);
  s.clock.advance(30_999);
  assert.equal(s.tx.state, 'completed');
  s.clock.advance(1);
  assert.equal(s.tx.state, 'terminated');
  assert.equal(s.state.terminated, 1);
});

test('Timer D is zero on a reliable transport', () => {
  const s = setup(true);
  s.tx.start();
  s.tx.receiveResponse(response(s.invite, 603));
  assert.equal(s.tx.state, 'completed');
  s.clock.advance(0);
  assert.equal(s.tx.state, 'terminated');
});

test('the non-2xx ACK follows §17.1.1.3', () => {
  const s = setup();
  const res = response(s.invite, 404, 'their-tag');
  const ack = buildNon2xxAck(s.invite, res);
  assert.equal(ack.method, 'ACK');
  assert.equal(ack.headers.via().length, 1);
  assert.equal(ack.headers.via()[0]?.params.get('branch'), s.invite.headers.via()[0]?.params.get('branch'));
  assert.equal(ack.headers.to().params.get('tag'), 'their-tag');
  assert.equal(ack.headers.get('From'), s.invite.headers.get('From'));
  assert.equal(ack.headers.callId(), s.invite.headers.callId());
  assert.deepEqual(ack.headers.cseq(), { seq: s.invite.headers.cseq().seq, method: 'ACK' });
  assert.equal(ack.headers.maxForwards(), 70);
});

test('2xx: Accepted (RFC 6026), further 2xx passed up as retransmissions, Timer M ends it', () => {
  const s = setup();
  s.tx.start();
  s.clock.advance(200);
  s.tx.receiveResponse(response(s.invite, 200));
  assert.equal(s.tx.state, 'accepted');
  s.clock.advance(10_000);
  assert.deepEqual(times(s.sent, 'INVITE'), [0], 'no retransmission after the 2xx');
  assert.deepEqual(times(s.sent, 'ACK'), [], 'the 2xx ACK is the TU\'s');
  s.tx.receiveResponse(response(s.invite, 200));
  s.tx.receiveResponse(response(s.invite, 200, 'fork-2'));
  s.tx.receiveResponse(response(s.invite, 180));
  assert.deepEqual(s.seen, ['final 200', 'again 200', 'again 200']);
  s.clock.advance(64 * 500 - 10_000 - 1);
  assert.equal(s.tx.state, 'accepted');
  s.clock.advance(1);
  assert.equal(s.tx.state, 'terminated');
  assert.equal(s.clock.pending, 0);
});

test('after a CANCEL, no final within 64*T1 ends the transaction with a timeout', () => {
  const s = setup();
  s.tx.start();
  s.tx.receiveResponse(response(s.invite, 180));
  s.clock.advance(5000);
  s.tx.cancelSent();
  s.clock.advance(64 * 500 - 1);
  assert.equal(s.tx.state, 'proceeding');
  s.clock.advance(1);
  assert.equal(s.tx.state, 'terminated');
  assert.deepEqual(s.seen, ['prov 180', 'timeout']);
});

test('a 487 after CANCEL clears the guard timer', () => {
  const s = setup(true);
  s.tx.start();
  s.tx.receiveResponse(response(s.invite, 180));
  s.tx.cancelSent();
  s.tx.receiveResponse(response(s.invite, 487));
  s.clock.advance(100_000);
  assert.deepEqual(s.seen, ['prov 180', 'final 487']);
  assert.equal(s.tx.state, 'terminated');
});

test('transport error before a final response informs the TU and terminates', () => {
  const s = setup();
  s.tx.start();
  s.tx.transportError(new Error('ECONNREFUSED'));
  assert.equal(s.tx.state, 'terminated');
  assert.deepEqual(s.seen, ['error ECONNREFUSED']);
  assert.equal(s.clock.pending, 0);
  s.tx.receiveResponse(response(s.invite, 200));
  assert.deepEqual(s.seen, ['error ECONNREFUSED']);
});

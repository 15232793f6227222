import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InviteServerTransaction } from '../../../src/sip/transaction/invite-server.ts';
import { createResponse } from '../../../src/sip/message/create-response.ts';
import { fakeContext, request, response, times } from './tx-fixtures.ts';

function setup(reliable = false) {
  const f = fakeContext(reliable);
  const invite = request('INVITE');
  const errors: string[] = [];
  const tx = new InviteServerTransaction(invite, f.ctx, {
    trying: (inv) => createResponse(inv, 100),
    transportError: (e) => errors.push(e.message),
  });
  tx.start();
  return { ...f, invite, tx, errors };
}

test('100 Trying is sent after 200 ms of TU silence, and re-sent on a retransmitted INVITE', () => {
  const s = setup();
  s.clock.advance(199);
  assert.deepEqual(s.sent, []);
  s.tx.receiveInvite(); // nothing to resend yet
  assert.deepEqual(s.sent, []);
  s.clock.advance(1);
  assert.deepEqual(times(s.sent, '100'), [200]);
  s.clock.advance(300);
  s.tx.receiveInvite();
  assert.deepEqual(times(s.sent, '100'), [200, 500]);
  assert.equal(s.state.retransmissions, 1);
});

test('no 100 Trying when the TU answers within 200 ms; the latest provisional is resent', () => {
  const s = setup();
  s.clock.advance(50);
  assert.equal(s.tx.respond(response(s.invite, 180)), true);
  s.clock.advance(500);
  s.tx.receiveInvite();
  assert.deepEqual(s.sent.map((x) => x.what), ['180', '180']);
});

test('non-2xx final: Timer G doubles to T2, Timer H gives up at 64*T1', () => {
  const s = setup();
  s.tx.respond(response(s.invite, 486));
  assert.equal(s.tx.state, 'completed');
  s.clock.advance(32_000);
  assert.deepEqual(times(s.sent, '486'), [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
  assert.equal(s.tx.state, 'terminated');
  assert.equal(s.clock.pending, 0);
});

test('completed: a retransmitted INVITE gets the final again; ACK confirms, Timer I = T4', () => {
  const s = setup();
  s.tx.respond(response(s.invite, 404));
  s.clock.advance(100);
  s.tx.receiveInvite();
  assert.deepEqual(times(s.sent, '404'), [0, 100]);
  assert.equal(s.tx.receiveAck(), true);
  assert.equal(s.tx.state, 'confirmed');
  s.clock.advance(4999);
  assert.deepEqual(times(s.sent, '404'), [0, 100], 'G stopped in confirmed');
  s.tx.receiveInvite();
  assert.equal(s.tx.receiveAck(), true, 'confirmed absorbs ACKs');
  assert.equal(s.tx.state, 'confirmed');
  s.clock.advance(1);
  assert.equal(s.tx.state, 'terminated');
  assert.equal(s.state.terminated, 1);
});

test('reliable: no Timer G, Timer I = 0', () => {
  const s = setup(true);
  s.tx.respond(response(s.invite, 500));
  s.clock.advance(10_000);
  assert.deepEqual(times(s.sent, '500'), [0]);
  s.tx.receiveAck();
  s.clock.advance(0);
  assert.equal(s.tx.state, 'terminated');
});

test('2xx: Accepted absorbs retransmitted INVITEs, passes ACKs up, TU 2xx retransmissions go out, Timer L ends it', () => {
  const s = setup();
  s.tx.respond(response(s.invite, 200));
  assert.equal(s.tx.state, 'accepted');
  s.clock.advance(1000);
  s.tx.receiveInvite();
  assert.deepEqual(times(s.sent, '200'), [0], 'no 2xx retransmission of its own');
  assert.equal(s.tx.receiveAck(), false, 'ACK for the 2xx belongs to the TU');
  assert.equal(s.tx.respond(response(s.invite, 200)), true);
  assert.equal(s.tx.respond(response(s.invite, 486)), false);
  assert.deepEqual(times(s.sent, '200'), [0, 1000]);
  s.clock.advance(32_000 - 1001);
  assert.equal(s.tx.state, 'accepted');
  s.clock.advance(1);
  assert.equal(s.tx.state, 'terminated');
});

test('responses after the final are refused', () => {
  const s = setup();
  s.tx.respond(response(s.invite, 603));
  assert.equal(s.tx.respond(response(s.invite, 200)), false);
  assert.equal(s.tx.respond(response(s.invite, 180)), false);
  assert.deepEqual(s.sent.map((x) => x.what), ['603']);
});

test('transport error terminates and informs', () => {
  const s = setup();
  s.tx.respond(response(s.invite, 486));
  s.tx.transportError(new Error('gone'));
  assert.equal(s.tx.state, 'terminated');
  assert.deepEqual(s.errors, ['gone']);
  assert.equal(s.clock.pending, 0);
});

test('a trying delay of 0 sends 100 Trying at once', () => {
  const f = fakeContext();
  const ctx = { ...f.ctx, timers: { ...f.ctx.timers, trying: 0 } };
  const invite = request('INVITE');
  const tx = new InviteServerTransaction(invite, ctx, { trying: (inv) => createResponse(inv, 100) });
  tx.start();
  assert.deepEqual(f.sent.map((x) => x.what), ['100']);
  assert.equal(f.clock.pending, 0);
});

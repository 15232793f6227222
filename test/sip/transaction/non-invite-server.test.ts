import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NonInviteServerTransaction } from '../../../src/sip/transaction/non-invite-server.ts';
import { fakeContext, request, response, times } from './tx-fixtures.ts';

function setup(reliable = false) {
  const f = fakeContext(reliable);
  const req = request('BYE');
  const tx = new NonInviteServerTransaction(req, f.ctx);
  return { ...f, req, tx };
}

test('trying discards retransmissions; proceeding resends the last provisional', () => {
  const s = setup();
  s.tx.receiveRequest();
  assert.deepEqual(s.sent, []);
  s.tx.respond(response(s.req, 100));
  assert.equal(s.tx.state, 'proceeding');
  s.clock.advance(10);
  s.tx.receiveRequest();
  assert.deepEqual(times(s.sent, '100'), [0, 10]);
});

test('completed resends the final on each retransmission, refuses more finals; Timer J = 64*T1 on UDP', () => {
  const s = setup();
  s.tx.respond(response(s.req, 200));
  assert.equal(s.tx.state, 'completed');
  s.clock.advance(1000);
  s.tx.receiveRequest();
  assert.equal(s.tx.respond(response(s.req, 500)), false);
  assert.deepEqual(s.sent.map((x) => x.what), ['200', '200']);
  s.clock.advance(31_000 - 1);
  assert.equal(s.tx.state, 'completed');
  s.clock.advance(1);
  assert.equal(s.tx.state, 'terminated');
  assert.equal(s.state.terminated, 1);
});

test('reliable: Timer J = 0', () => {
  const s = setup(true);
  s.tx.respond(response(s.req, 200));
  s.clock.advance(0);
  assert.equal(s.tx.state, 'terminated');
  assert.equal(s.clock.pending, 0);
});

test('final straight from trying, then transport error is harmless', () => {
  const s = setup();
  s.tx.respond(response(s.req, 481));
  s.tx.transportError(new Error('x'));
  assert.equal(s.tx.state, 'terminated');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NonInviteClientTransaction } from '../../../src/sip/transaction/non-invite-client.ts';
import type { SipResponse } from '../../../src/sip/message/message.ts';
import { fakeContext, request, response, times } from './tx-fixtures.ts';

function setup(reliable = false) {
  const f = fakeContext(reliable);
  const req = request('OPTIONS');
  const seen: string[] = [];
  const tx = new NonInviteClientTransaction(req, f.ctx, {
    onProvisional: (r: SipResponse) => seen.push(`prov ${r.status}`),
    onFinal: (r: SipResponse) => seen.push(`final ${r.status}`),
    onTimeout: () => seen.push('timeout'),
    onTransportError: (e: Error) => seen.push(`error ${e.message}`),
  });
  return { ...f, req, seen, tx };
}

test('trying: Timer E doubles up to T2, Timer F times out at 64*T1', () => {
  const s = setup();
  s.tx.start();
  s.clock.advance(32_000);
  // Intervals 0.5, 1, 2, 4, 4, 4 … s.
  assert.deepEqual(times(s.sent, 'OPTIONS'), [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
  assert.equal(s.tx.state, 'terminated');
  assert.deepEqual(s.seen, ['timeout']);
  assert.equal(s.clock.pending, 0);
});

test('proceeding: Timer E is reset to T2', () => {
  const s = setup();
  s.tx.start();
  s.clock.advance(600); // retransmitted at 500, next due at 1500
  s.tx.receiveResponse(response(s.req, 100));
  assert.equal(s.tx.state, 'proceeding');
  s.clock.advance(10_000);
  // 1500 (interval already armed), then every T2 = 4 s.
  assert.deepEqual(times(s.sent, 'OPTIONS'), [0, 500, 1500, 5500, 9500]);
  s.tx.receiveResponse(response(s.req, 200));
  assert.deepEqual(s.seen, ['prov 100', 'final 200']);
});

test('completed absorbs retransmitted finals; Timer K = T4 on UDP', () => {
  const s = setup();
  s.tx.start();
  s.tx.receiveResponse(response(s.req, 404));
  assert.equal(s.tx.state, 'completed');
  s.tx.receiveResponse(response(s.req, 404));
  s.tx.receiveResponse(response(s.req, 200));
  assert.deepEqual(s.seen, ['final 404']);
  s.clock.advance(4999);
  assert.equal(s.tx.state, 'completed');
  s.clock.advance(1);
  assert.equal(s.tx.state, 'terminated');
  assert.deepEqual(times(s.sent, 'OPTIONS'), [0]);
});

test('reliable: no Timer E, Timer K = 0', () => {
  const s = setup(true);
  s.tx.start();
  s.clock.advance(20_000);
  assert.deepEqual(times(s.sent, 'OPTIONS'), [0]);
  s.tx.receiveResponse(response(s.req, 200));
  s.clock.advance(0);
  assert.equal(s.tx.state, 'terminated');
  assert.equal(s.clock.pending, 0);
});

test('Timer F fires in proceeding too', () => {
  const s = setup(true);
  s.tx.start();
  s.tx.receiveResponse(response(s.req, 100));
  s.clock.advance(32_000);
  assert.deepEqual(s.seen, ['prov 100', 'timeout']);
});

test('transport error informs the TU once', () => {
  const s = setup();
  s.tx.start();
  s.tx.transportError(new Error('reset'));
  s.tx.transportError(new Error('again'));
  assert.deepEqual(s.seen, ['error reset']);
  assert.equal(s.state.terminated, 1);
});

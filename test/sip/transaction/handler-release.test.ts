// A transaction that lingers after its final response (RFC 6026 "Accepted" for 64*T1, "Completed"
// for Timer D/K) must not keep the TU's handlers, which close over the TU's whole call: at hundreds
// of calls per second that is every finished call kept alive for 32 s. Checked with WeakRefs and a
// forced garbage collection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { InviteClientTransaction } from '../../../src/sip/transaction/invite-client.ts';
import { NonInviteClientTransaction } from '../../../src/sip/transaction/non-invite-client.ts';
import { buildNon2xxAck } from '../../../src/sip/transaction/build-ack.ts';
import type { ClientTransactionHandlers } from '../../../src/sip/transaction/client-handlers.ts';
import type { SipResponse } from '../../../src/sip/message/message.ts';
import { TransactionLayer } from '../../../src/sip/transaction/transaction-layer.ts';
import type { ServerTransaction } from '../../../src/sip/endpoint/sip-endpoint-types.ts';
import type { Source } from '../../../src/sip/transport/address.ts';
import { serializeMessage } from '../../../src/sip/message/serialize-message.ts';
import { fakeContext, request, response } from './tx-fixtures.ts';

const SRC: Source = { transport: 'udp', address: '127.0.0.1', port: 5070 };

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collected after the current job and a full GC? */
async function collected(ref: WeakRef<object>): Promise<boolean> {
  await new Promise((r) => setImmediate(r));
  gc();
  return ref.deref() === undefined;
}

/** Handlers closing over a "call" object, as a B2BUA's do; the WeakRef watches the call. */
function handlersOverACall(seen: string[]): { handlers: ClientTransactionHandlers; call: WeakRef<object> } {
  const call = { name: 'a call', payload: new Array(1000).fill('x') };
  const handlers: ClientTransactionHandlers = {
    onFinal: (r) => seen.push(`${call.name} final ${r.status}`),
    onTimeout: () => seen.push(`${call.name} timeout`),
  };
  return { handlers, call: new WeakRef(call) };
}

test('INVITE client in Accepted keeps only onRetransmitted2xx, not the other handlers and what they hold', async () => {
  const f = fakeContext();
  const invite = request('INVITE');
  const seen: string[] = [];
  const again = (r: SipResponse): number => seen.push(`again ${r.status}`);
  const tx = (() => {
    const { handlers, call } = handlersOverACall(seen);
    const t = new InviteClientTransaction(invite, f.ctx, { ...handlers, onRetransmitted2xx: again }, buildNon2xxAck);
    t.start();
    t.receiveResponse(response(invite, 200));
    return { t, call };
  })();
  assert.equal(tx.t.state, 'accepted');
  assert.equal(await collected(tx.call), true, 'the call the handlers closed over is still reachable');
  tx.t.receiveResponse(response(invite, 200));
  assert.deepEqual(seen, ['a call final 200', 'again 200']);
});

test('INVITE client in Completed (non-2xx) lets go of the handlers', async () => {
  const f = fakeContext();
  const invite = request('INVITE');
  const seen: string[] = [];
  const tx = (() => {
    const { handlers, call } = handlersOverACall(seen);
    const t = new InviteClientTransaction(invite, f.ctx, handlers, buildNon2xxAck);
    t.start();
    t.receiveResponse(response(invite, 486));
    return { t, call };
  })();
  assert.equal(tx.t.state, 'completed');
  assert.equal(await collected(tx.call), true);
  tx.t.receiveResponse(response(invite, 486));
  assert.deepEqual(seen, ['a call final 486']);
});

test('a non-INVITE client in Completed lets go of the handlers; a timeout still reaches the TU before', async () => {
  const f = fakeContext();
  const bye = request('BYE');
  const seen: string[] = [];
  const done = (() => {
    const { handlers, call } = handlersOverACall(seen);
    const t = new NonInviteClientTransaction(bye, f.ctx, handlers);
    t.start();
    t.receiveResponse(response(bye, 200));
    return { t, call };
  })();
  assert.equal(done.t.state, 'completed');
  assert.equal(await collected(done.call), true);
  const timedOut = new NonInviteClientTransaction(request('BYE'), f.ctx, handlersOverACall(seen).handlers);
  timedOut.start();
  f.clock.advance(32_000);
  assert.deepEqual(seen, ['a call final 200', 'a call timeout']);
});

test('a control: handlers the test itself still holds are not collected (the check can fail)', async () => {
  const { handlers, call } = handlersOverACall([]);
  assert.equal(await collected(call), false);
  assert.equal(typeof handlers.onFinal, 'function');
});

// ---- through the layer, as the B2BUA uses it --------------------------------------------------

function layerSetup() {
  const f = fakeContext();
  const acks: string[] = [];
  const txs: ServerTransaction[] = [];
  const layer = new TransactionLayer(
    { sendRequest: () => undefined, sendResponse: () => undefined },
    { onRequest: (tx) => void txs.push(tx), onAck: (ack) => void acks.push(ack.method), onStrayResponse: () => undefined },
    { clock: f.clock },
  );
  return { ...f, layer, txs, acks };
}

test('the layer: a lingering INVITE client transaction ("Accepted", 64*T1) does not keep the call its handlers close over', async () => {
  const s = layerSetup();
  const seen: string[] = [];
  const invite = request('INVITE');
  const call = (() => {
    const { handlers, call: ref } = handlersOverACall(seen);
    s.layer.sendRequest(invite, { host: '127.0.0.1', port: 5080, transport: 'udp' }, { ...handlers, onRetransmitted2xx: (r) => seen.push(`again ${r.status}`) });
    return ref;
  })();
  s.layer.receiveResponse(response(invite, 200), SRC);
  assert.equal(s.layer.stats().clientTransactions, 1, 'still lingering');
  assert.equal(await collected(call), true, 'the call is still reachable from the lingering transaction');
  s.layer.receiveResponse(response(invite, 200), SRC);
  assert.deepEqual(seen, ['a call final 200', 'again 200']);
  s.clock.advance(32_000);
  assert.equal(s.layer.stats().clientTransactions, 0);
});

test('the layer: lingering server transactions (INVITE "Accepted", BYE "Completed") do not keep what the TU hung on them', async () => {
  const s = layerSetup();
  const invite = request('INVITE', { callId: 'srv' });
  const bye = request('BYE', { callId: 'srv', toTag: 'to-tag-1', cseq: 2 });
  s.layer.receiveRequest(invite, SRC);
  s.layer.receiveRequest(bye, SRC);
  const call = ((txs: ServerTransaction[]) => {
    const c = { name: 'a call', payload: new Array(1000).fill('x') };
    for (const tx of txs) {
      tx.onCancel = () => void c.name;
      tx.onTransportError = () => void c.name;
    }
    return new WeakRef(c);
  })(s.txs);
  // In a function of its own: the async test's frame would otherwise keep the last handle alive.
  ((txs: ServerTransaction[]) => {
    for (const tx of txs.splice(0)) tx.respond(response(tx.request, 200));
  })(s.txs);
  s.layer.receiveRequest(request('ACK', { callId: 'srv', toTag: 'to-tag-1' }), SRC);
  assert.equal(s.layer.stats().serverTransactions, 2, 'both linger');
  assert.equal(await collected(call), true);
  s.clock.advance(32_000);
  assert.equal(s.layer.stats().serverTransactions, 0);
});

test('the layer: a lingering BYE server transaction keeps the bytes of its 200, not the response; a retransmitted BYE gets the same bytes', async () => {
  const f = fakeContext();
  const wire: string[] = [];
  const txs: ServerTransaction[] = [];
  const layer = new TransactionLayer(
    {
      sendRequest: () => undefined,
      // As SipTransport: sends the serialized bytes and returns what sends them again.
      sendResponse: (res) => {
        const bytes = serializeMessage(res).toString('latin1');
        wire.push(bytes);
        return () => void wire.push(bytes);
      },
    },
    { onRequest: (tx) => void txs.push(tx), onAck: () => undefined, onStrayResponse: () => undefined },
    { clock: f.clock },
  );
  const bye = () => request('BYE', { branch: 'z9hG4bK-linger', callId: 'linger', toTag: 't' });
  layer.receiveRequest(bye(), SRC);
  const res = ((all: ServerTransaction[]) => {
    const tx = all.splice(0)[0];
    const r = response(tx?.request ?? bye(), 200);
    tx?.respond(r);
    return new WeakRef(r);
  })(txs);
  assert.equal(await collected(res), true, 'the 200 object is still reachable from the lingering transaction');
  layer.receiveRequest(bye(), SRC);
  assert.equal(wire.length, 2);
  assert.equal(wire[1], wire[0]);
  assert.match(wire[0] ?? '', /^SIP\/2\.0 200 OK\r\n/);
  f.clock.advance(32_000);
  assert.equal(layer.stats().serverTransactions, 0);
});

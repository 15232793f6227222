// RFC 6026 "Accepted": a 2xx retransmitted to the outbound leg's INVITE means our ACK was lost;
// the leg ACKs it again, identically, with a handler that keeps neither the leg nor its call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { OutboundLeg } from '../../src/calls/outbound-leg.ts';
import type { OutboundLegListener } from '../../src/calls/outbound-leg.ts';
import type { UserAgentCore } from '../../src/sip/ua/user-agent-core.ts';
import type { ClientTransactionHandlers } from '../../src/sip/transaction/client-handlers.ts';
import type { SipRequest } from '../../src/sip/message/message.ts';
import { createResponse } from '../../src/sip/message/create-response.ts';
import { serializeMessage } from '../../src/sip/message/serialize-message.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function fakeUa() {
  const acks: SipRequest[] = [];
  const sent: { req: SipRequest; handlers: ClientTransactionHandlers }[] = [];
  const ua = {
    endpoint: { address: '127.0.0.1', port: 5060 },
    contact: () => ({ uri: { kind: 'sip', scheme: 'sip', user: 'hotline', host: '127.0.0.1', port: 5060, params: new Map(), headers: new Map() }, params: new Map() }),
    send: (req: SipRequest, handlers: ClientTransactionHandlers) => {
      sent.push({ req, handlers });
      return { request: req, state: 'calling', cancel: () => undefined };
    },
    sendAck: (ack: SipRequest) => void acks.push(ack),
    addDialog: () => undefined,
    removeDialog: () => undefined,
  };
  return { ua: ua as unknown as UserAgentCore, acks, sent };
}

const SPEC = {
  requestUri: 'sip:13900139000@127.0.0.1:5090',
  target: { transport: 'udp' as const, host: '127.0.0.1', port: 5090 },
  callerNumber: '13912345678',
  maxForwards: 70,
  sdpOffer: 'v=0\r\n',
  answeringNumber: '13900139000',
};

function ok(invite: SipRequest) {
  const res = createResponse(invite, 200, 'OK', { toTag: 'phone-tag' });
  res.headers.set('Contact', '<sip:phone@127.0.0.9:5099>');
  res.headers.set('Record-Route', '<sip:proxy.example;lr>');
  return res;
}

/** The ACK without its Via (a fresh branch each time is fine for an ACK to a 2xx). */
const comparable = (ack: SipRequest): string => serializeMessage(ack).toString().replace(/^Via:.*\r\n/m, '');

test('a retransmitted 2xx is ACKed again like the first, and the handler does not keep the leg and its call', async () => {
  const { ua, acks, sent } = fakeUa();
  const handlers = (() => {
    const call = { answered: 0, payload: new Array(1000).fill('x') };
    const listener = { onAnswered: () => void call.answered++ } as unknown as OutboundLegListener;
    const leg = new OutboundLeg(ua, SPEC, listener);
    leg.start();
    const h = sent[0]?.handlers;
    assert.ok(h);
    h.onFinal(ok(leg.invite));
    return { again: h.onRetransmitted2xx, callRef: new WeakRef(call), invite: leg.invite };
  })();
  assert.equal(acks.length, 1);
  handlers.again?.(ok(handlers.invite));
  assert.equal(acks.length, 2);
  const [first, second] = acks.map(comparable);
  assert.equal(second, first);
  assert.match(first ?? '', /^ACK sip:phone@127\.0\.0\.9:5099 SIP\/2\.0\r\n/);
  assert.match(first ?? '', /\r\nRoute: <sip:proxy\.example;lr>\r\n/);
  assert.match(first ?? '', /\r\nCSeq: 1 ACK\r\n/);
  assert.match(first ?? '', /\r\nTo: <sip:13900139000@127\.0\.0\.1:5090>;tag=phone-tag\r\n/);
  // Only the transaction's copy of onRetransmitted2xx stays: the call must be collectable.
  sent.length = 0;
  await new Promise((r) => setImmediate(r));
  gc();
  assert.equal(handlers.callRef.deref(), undefined, 'the re-ACK handler keeps the call alive');
});

// Shared fixtures for the transaction tests: requests, responses and a recording context.
import { FakeClock } from '../../../src/kernel/fake-clock.ts';
import type { SipRequest, SipResponse } from '../../../src/sip/message/message.ts';
import { parseMessage } from '../../../src/sip/message/parse-message.ts';
import { createResponse } from '../../../src/sip/message/create-response.ts';
import type { TransactionContext } from '../../../src/sip/transaction/transaction-context.ts';
import { transactionTimers } from '../../../src/sip/transaction/timers.ts';

let n = 0;

export function request(method: string, opts: { branch?: string; toTag?: string; callId?: string; cseq?: number } = {}): SipRequest {
  n++;
  const branch = opts.branch ?? `z9hG4bK-test-${n}`;
  const to = opts.toTag === undefined ? '<sip:bob@example.com>' : `<sip:bob@example.com>;tag=${opts.toTag}`;
  const text =
    `${method} sip:bob@example.com SIP/2.0\r\n` +
    `Via: SIP/2.0/UDP 127.0.0.1:5070;branch=${branch};rport\r\n` +
    `Max-Forwards: 70\r\n` +
    `From: <sip:alice@example.com>;tag=from-${n}\r\n` +
    `To: ${to}\r\n` +
    `Call-ID: ${opts.callId ?? `call-${n}@test`}\r\n` +
    `CSeq: ${opts.cseq ?? 1} ${method}\r\n` +
    `Content-Length: 0\r\n\r\n`;
  const msg = parseMessage(Buffer.from(text));
  if (msg.kind !== 'request') throw new Error('fixture is not a request');
  return msg;
}

export function response(req: SipRequest, status: number, toTag = 'to-tag-1'): SipResponse {
  return createResponse(req, status, undefined, { toTag });
}

export interface Sent {
  at: number;
  what: string;
}

/** A TransactionContext on a FakeClock that records what the machine sends, and when. */
export function fakeContext(reliable = false, base: { t1?: number; t2?: number; t4?: number } = {}) {
  const clock = new FakeClock();
  const sent: Sent[] = [];
  const state = { retransmissions: 0, terminated: 0 };
  const ctx: TransactionContext = {
    clock,
    timers: transactionTimers(base, reliable),
    send: (msg) => {
      // As the real transport: a retransmission repeats what was sent, and the machine keeps only that.
      const what = msg.kind === 'request' ? msg.method : String(msg.status);
      sent.push({ at: clock.now(), what });
      return () => void sent.push({ at: clock.now(), what });
    },
    retransmitted: () => void state.retransmissions++,
    terminated: () => void state.terminated++,
  };
  return { clock, sent, state, ctx };
}

export const times = (sent: Sent[], what: string): number[] => sent.filter((s) => s.what === what).map((s) => s.at);

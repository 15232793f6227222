// Interop of the transaction layer with a real peer: SIPp's built-in UAC and UAS scenarios
// against a minimal UA on SipEndpoint, over UDP and TCP (loopback).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SipEndpoint } from '../../../src/sip/endpoint/sip-endpoint.ts';
import { createResponse } from '../../../src/sip/message/create-response.ts';
import { generateCallId, generateTag } from '../../../src/sip/message/identifiers.ts';
import { SipRequest } from '../../../src/sip/message/message.ts';
import type { SipResponse } from '../../../src/sip/message/message.ts';
import { SipHeaders } from '../../../src/sip/message/sip-headers.ts';
import { parseUri } from '../../../src/sip/message/uri.ts';
import type { ServerTransaction } from '../../../src/sip/endpoint/sip-endpoint-types.ts';
import { runSipp, startSipp } from '../../support/sipp.ts';

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n';

/** SIPp's built-in uas with the ACK made mandatory and a short time-wait. */
const UAS_SCENARIO = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="uas, ACK required">
  <recv request="INVITE" crlf="true"/>
  <send><![CDATA[
      SIP/2.0 180 Ringing
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0
  ]]></send>
  <send retrans="500"><![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 0
  ]]></send>
  <recv request="ACK" crlf="true"/>
  <recv request="BYE"/>
  <send><![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0
  ]]></send>
  <timewait milliseconds="200"/>
</scenario>
`;

/** A UAS that rings, answers every INVITE with SDP, and answers BYE. */
function answeringUas(ep: SipEndpoint, acks: string[]): void {
  ep.onRequest = (tx: ServerTransaction) => {
    const req = tx.request;
    if (req.method === 'INVITE') {
      const tag = generateTag();
      tx.respond(createResponse(req, 180, undefined, { toTag: tag }));
      const ok = createResponse(req, 200, undefined, { toTag: tag });
      ok.headers.set('Contact', `<sip:uas@127.0.0.1:${ep.port}>`);
      ok.headers.set('Content-Type', 'application/sdp');
      ok.body = Buffer.from(SDP);
      tx.respond(ok);
      return;
    }
    tx.respond(createResponse(req, req.method === 'BYE' ? 200 : 501));
  };
  ep.onAck = (ack) => void acks.push(ack.headers.callId());
}

for (const transport of ['udp', 'tcp'] as const) {
  test(`SIPp uac → SipEndpoint UAS over ${transport}: calls succeed with no retransmissions`, async () => {
    const ep = await SipEndpoint.listen({ address: '127.0.0.1', port: 0 });
    const acks: string[] = [];
    answeringUas(ep, acks);
    try {
      const r = await runSipp({ builtin: 'uac', transport, remote: `127.0.0.1:${ep.port}`, calls: 5, rate: 50, timeoutSeconds: 20 });
      assert.equal(r.exitCode, 0, `${r.errors}\n${r.output}`);
      assert.equal(r.stats?.successful, 5);
      assert.equal(r.stats?.failed, 0);
      assert.equal(r.stats?.retransmissions, 0);
      assert.equal(acks.length, 5, 'each 2xx ACK reached the TU');
      assert.equal(ep.stats().pendingAcks, 0, 'no 2xx left retransmitting');
    } finally {
      await ep.close();
    }
  });
}

function invite(ep: SipEndpoint, sippPort: number, transport: 'udp' | 'tcp'): SipRequest {
  const h = new SipHeaders([
    ['From', `<sip:uac@127.0.0.1:${ep.port}>;tag=${generateTag()}`],
    ['To', `<sip:service@127.0.0.1:${sippPort}>`],
    ['Call-ID', generateCallId()],
    ['CSeq', '1 INVITE'],
    ['Max-Forwards', '70'],
    ['Contact', `<sip:uac@127.0.0.1:${ep.port};transport=${transport}>`],
    ['Content-Type', 'application/sdp'],
  ]);
  return new SipRequest('INVITE', parseUri(`sip:service@127.0.0.1:${sippPort}`), h, Buffer.from(SDP));
}

/** The in-dialog request (§12.2.1.1) for the dialog a 2xx created: To with its tag, next CSeq for BYE. */
function inDialog(method: 'ACK' | 'BYE', inv: SipRequest, ok: SipResponse, sippPort: number): SipRequest {
  const h = new SipHeaders([
    ['From', inv.headers.get('From') ?? ''],
    ['To', ok.headers.get('To') ?? ''],
    ['Call-ID', inv.headers.callId()],
    ['CSeq', `${method === 'ACK' ? 1 : 2} ${method}`],
    ['Max-Forwards', '70'],
  ]);
  return new SipRequest(method, parseUri(`sip:service@127.0.0.1:${sippPort}`), h);
}

for (const transport of ['udp', 'tcp'] as const) {
  test(`SipEndpoint UAC → SIPp uas over ${transport}: INVITE, 2xx ACK, BYE`, async () => {
    const uas = await startSipp({ scenario: UAS_SCENARIO, transport, calls: 1, timeoutSeconds: 20 });
    const ep = await SipEndpoint.listen({ address: '127.0.0.1', port: 0 });
    try {
      const target = { transport, host: '127.0.0.1', port: uas.port };
      const inv = invite(ep, uas.port, transport);
      const seen: number[] = [];
      const ok = await new Promise<SipResponse>((resolve, reject) => {
        ep.sendRequest(inv, target, {
          onProvisional: (r) => void seen.push(r.status),
          onFinal: (r) => (r.status === 200 ? resolve(r) : reject(new Error(`final ${r.status}`))),
          onTimeout: () => reject(new Error('INVITE timed out')),
          onTransportError: reject,
        });
      });
      assert.ok(seen.includes(180));
      ep.sendAck(inDialog('ACK', inv, ok, uas.port), target);
      const byeStatus = await new Promise<number>((resolve, reject) => {
        ep.sendRequest(inDialog('BYE', inv, ok, uas.port), target, { onFinal: (r) => resolve(r.status), onTimeout: () => reject(new Error('BYE timed out')) });
      });
      assert.equal(byeStatus, 200);
      const r = await uas.done;
      assert.equal(r.exitCode, 0, `${r.errors}\n${r.output}`);
      assert.equal(r.stats?.successful, 1);
      assert.equal(r.stats?.retransmissions, 0);
    } finally {
      await uas.stop();
      await ep.close();
    }
  });
}

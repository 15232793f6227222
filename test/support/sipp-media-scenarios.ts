/**
 * SIPp scenarios for calls straight to a media peer (no B2BUA): a caller whose offer carries PCMU
 * and telephone-event 101 (the PT of sip-tester's DTMF captures), then whatever the test adds.
 * The SIP messages are the call tests' (`sipp-scenarios.ts`); only the offer and the caller differ.
 */
import { OK_TO_REQUEST, cdata, inDialog, inviteWithSdp, scenario } from './sipp-scenarios.ts';

const CALLER = '13912345678';

const offer = (port: string) => `v=0
o=sipp 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [media_ip]
t=0 0
m=audio ${port} RTP/AVP 0 101
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15`;

export function uacScenario(opts: { mediaPort?: string; afterAck: string }): string {
  const port = opts.mediaPort ?? '[media_port]';
  return scenario('media-peer', `<send retrans="500">${cdata(inviteWithSdp(port, { caller: CALLER, sdp: offer(port) }))}</send>
<recv response="100" optional="true"/>
<recv response="200" rrs="true"/>
<send>${cdata(inDialog('ACK', 1, undefined, CALLER))}</send>
${opts.afterAck}`);
}

export const BYE = `<send retrans="500">${cdata(inDialog('BYE', 2, undefined, CALLER))}</send>
<recv response="200"/>`;

export const WAIT_FOR_BYE = `<recv request="BYE" timeout="30000"/>
<send>${cdata(OK_TO_REQUEST)}</send>`;

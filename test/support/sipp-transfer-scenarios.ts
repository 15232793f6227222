/**
 * SIPp pieces of the transfer tests (test/calls/transfer-sipp, attended-transfer-sipp): the bound
 * phone that answers and then transfers by REFER, and the caller who talks until it hangs up.
 */
import { OK_TO_REQUEST, RESPONSE, SDP, cdata, inDialog, inviteWithSdp, scenario } from './sipp-scenarios.ts';

/** The phone's REFER in its dialog with the platform (it is the UAS of that dialog); `referTo` goes inside `<…>`. */
export const phoneRefer = (referTo: string) => `REFER [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:phone@[local_ip]:[local_port]>;tag=[pid]SIPpTag01[call_number]
To: [$from]
Call-ID: [call_id]
CSeq: 1 REFER
[routes]
Contact: <sip:[local_ip]:[local_port];transport=[transport]>
Refer-To: <${referTo}>
Referred-By: <sip:phone@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Length: 0
`;

/** The bound phone answers the platform's INVITE (`actions`: more SIPp actions on it), then does `rest`. */
export const answerThen = (name: string, rest: string, actions = '') => scenario(name, `<recv request="INVITE" crlf="true" rrs="true">
<action><ereg regexp=".*" search_in="hdr" header="From:" assign_to="from"/>${actions}</action>
</recv>
<send>${cdata(RESPONSE('180 Ringing'))}</send>
<send retrans="500">${cdata(RESPONSE('200 OK', SDP()))}</send>
<recv request="ACK" crlf="true"/>
<pause milliseconds="500"/>
${rest}`);

/** The caller dials the 400 number, plays audio, talks `talkMs` and hangs up. */
export const talkingCaller = (talkMs: number) => scenario('caller-talks', `<send retrans="500">${cdata(inviteWithSdp())}</send>
<recv response="100" optional="true"/>
<recv response="180" optional="true"/>
<recv response="183" optional="true"/>
<recv response="200" rrs="true"/>
<send>${cdata(inDialog('ACK', 1))}</send>
<nop><action><exec play_pcap_audio="/usr/share/sip-tester/g711a.pcap"/></action></nop>
<pause milliseconds="${talkMs}"/>
<send retrans="500">${cdata(inDialog('BYE', 2))}</send>
<recv response="200"/>`);

/** After the REFER: 202, NOTIFY (event refer, message/sipfrag) 100 Trying, then the final NOTIFY whose sipfrag is `finalStatus`, terminated. */
export const referProgress = (finalStatus: number) => `<recv response="202"/>
<recv request="NOTIFY"><action>
<ereg regexp="refer" search_in="hdr" header="Event:" check_it="true" assign_to="e1"/>
<ereg regexp="message/sipfrag" search_in="hdr" header="Content-Type:" check_it="true" assign_to="t1"/>
<ereg regexp="^SIP/2.0 100" search_in="body" check_it="true" assign_to="n1"/>
</action></recv>
<send>${cdata(OK_TO_REQUEST)}</send>
<recv request="NOTIFY" timeout="15000"><action>
<ereg regexp="^SIP/2.0 ${finalStatus}" search_in="body" check_it="true" assign_to="n2"/>
<ereg regexp="terminated" search_in="hdr" header="Subscription-State:" check_it="true" assign_to="s2"/>
</action></recv>
<send>${cdata(OK_TO_REQUEST)}</send>`;

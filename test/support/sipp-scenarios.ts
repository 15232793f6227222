/**
 * SIPp scenarios for the call interop tests, built from small blocks: a caller (UAC) that dials a
 * 400 number through the "trunk", and a bound phone (UAS) the platform rings. SIPp keywords in
 * [brackets] are filled by SIPp; `[caller]` comes from `-key caller …`.
 */

/** Our callers' offer: PCMA, PCMU and telephone-event 101 (the PT of sip-tester's DTMF captures). */
export const SDP = (direction = 'sendrecv', port = '[media_port]') => `v=0
o=sipp 53655765 2353687637 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio ${port} RTP/AVP 8 0 101
a=rtpmap:8 PCMA/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
a=${direction}`;

/** Wraps scenario steps in SIPp's XML envelope. */
export function scenario(name: string, body: string): string {
  // SIPp refuses variables that are assigned and never read: declare the check-only ones used.
  const vars = [...new Set([...body.matchAll(/assign_to="([^"]+)"/g)].flatMap((m) => (m[1] ?? '').split(',')))];
  const reference = vars.length > 0 ? `\n<Reference variables="${vars.join(',')}"/>` : '';
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>\n<scenario name="${name}">\n${body}${reference}\n</scenario>\n`;
}

export function cdata(msg: string): string {
  return `<![CDATA[\n${msg}\n]]>`;
}

// ---- caller side (UAC) ----

/** §9.1/§17.1.1.3: CANCEL and the ACK of a non-2xx carry the INVITE's branch. */
export const INVITE_BRANCH = 'z9hG4bK-inv-[pid]-[call_number]';

/**
 * The caller's INVITE; `port` is where its audio should go (default: SIPp's media port). `caller`
 * is the From user (default the `-key caller` value), `sdp` the offer (default `SDP()`).
 */
export const inviteWithSdp = (port = '[media_port]', opts: { caller?: string; sdp?: string } = {}) => {
  const caller = opts.caller ?? '[caller]';
  return `INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=${INVITE_BRANCH}
From: <sip:${caller}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:${caller}@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

${opts.sdp ?? SDP('sendrecv', port)}`;
};
const INVITE = inviteWithSdp();
/** A late-offer INVITE (no SDP, RFC 3261 §13.2.1): the platform's offer comes in the 200, our answer goes in the ACK. */
const LATE_OFFER_INVITE = INVITE.replace('Content-Type: application/sdp\n', '').replace(/Content-Length: \[len\]\n[\s\S]*$/, 'Content-Length: 0\n');

/** A request inside the caller's dialog (ACK of a 2xx, re-INVITE, BYE); `body` is SDP. */
export const inDialog = (method: string, cseq: number, body?: string, caller = '[caller]') => `${method} [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:${caller}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: ${cseq} ${method}
[routes]
Contact: <sip:${caller}@[local_ip]:[local_port]>
Max-Forwards: 70
${body ? 'Content-Type: application/sdp\n' : ''}Content-Length: [len]
${body ? `\n${body}` : ''}`;

const ACK_INVITE = (cseq: number) => `<send>${cdata(inDialog('ACK', cseq))}</send>`;

/** The CANCEL matches the INVITE: same branch is not needed by us, same Call-ID/CSeq number. */
export const CANCEL = `CANCEL sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=${INVITE_BRANCH}
From: <sip:[caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 CANCEL
Max-Forwards: 70
Content-Length: 0
`;

export const NON2XX_ACK = `ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=${INVITE_BRANCH}
From: <sip:[caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0
`;

export type CallerPlan =
  | { kind: 'talk'; talkMs: number; hangup: 'caller' | 'callee'; playAudio?: boolean; holdUnhold?: boolean; lateOffer?: boolean; /** Late offer only: an ACK without the answer (a broken caller). */ ackWithoutAnswer?: boolean; /** A re-INVITE without SDP after the answer: the platform's offer in the 200, ours in the ACK. */ offerlessReinvite?: boolean }
  | { kind: 'cancel-after-ringing' }
  | { kind: 'expect-failure'; status: number };

export function callerScenario(plan: CallerPlan): string {
  const lateOffer = plan.kind === 'talk' && plan.lateOffer === true;
  const head = `<send retrans="500">${cdata(lateOffer ? LATE_OFFER_INVITE : INVITE)}</send>
<recv response="100" optional="true"/>`;
  if (plan.kind === 'expect-failure') {
    return scenario('caller-fails', `${head}
<recv response="180" optional="true"/>
<recv response="183" optional="true"/>
<recv response="${plan.status}"/>
<send>${cdata(NON2XX_ACK)}</send>
<pause milliseconds="200"/>`);
  }
  if (plan.kind === 'cancel-after-ringing') {
    return scenario('caller-cancels', `${head}
<recv response="180"/>
<pause milliseconds="300"/>
<send>${cdata(CANCEL)}</send>
<recv response="200"/>
<recv response="487"/>
<send>${cdata(NON2XX_ACK)}</send>
<pause milliseconds="200"/>`);
  }
  const answered = `${head}
<recv response="180" optional="true"/>
<recv response="183" optional="true"/>
${lateOffer
    ? `<recv response="200" rrs="true"><action><ereg regexp="m=audio [0-9]+ RTP/AVP" search_in="body" check_it="true" assign_to="o"/></action></recv>
<send>${cdata(inDialog('ACK', 1, plan.ackWithoutAnswer ? undefined : SDP()))}</send>`
    : `<recv response="200" rrs="true"/>\n${ACK_INVITE(1)}`}
${plan.playAudio ? '<nop><action><exec play_pcap_audio="/usr/share/sip-tester/g711a.pcap"/></action></nop>' : ''}`;
  const hold = plan.holdUnhold
    ? `<pause milliseconds="300"/>
<send retrans="500">${cdata(inDialog('INVITE', 2, SDP('sendonly')))}</send>
<recv response="100" optional="true"/>
<recv response="200"><action><ereg regexp="a=recvonly" search_in="body" check_it="true" assign_to="h"/></action></recv>
${ACK_INVITE(2)}
<pause milliseconds="300"/>
<send retrans="500">${cdata(inDialog('INVITE', 3, SDP('sendrecv')))}</send>
<recv response="100" optional="true"/>
<recv response="200"><action><ereg regexp="a=sendrecv" search_in="body" check_it="true" assign_to="u"/></action></recv>
${ACK_INVITE(3)}`
    : '';
  const refresh = plan.offerlessReinvite
    ? `<pause milliseconds="300"/>
<send retrans="500">${cdata(inDialog('INVITE', 2))}</send>
<recv response="100" optional="true"/>
<recv response="200"><action><ereg regexp="m=audio [1-9][0-9]* RTP/AVP" search_in="body" check_it="true" assign_to="r"/></action></recv>
<send>${cdata(inDialog('ACK', 2, SDP()))}</send>`
    : '';
  const byeSeq = plan.holdUnhold ? 4 : plan.offerlessReinvite ? 3 : 2;
  const end = plan.hangup === 'caller'
    ? `<pause milliseconds="${plan.talkMs}"/>
<send retrans="500">${cdata(inDialog('BYE', byeSeq))}</send>
<recv response="200" crlf="true"/>`
    : `<recv request="BYE" timeout="${plan.talkMs + 10000}"/>
<send>${cdata(OK_TO_REQUEST)}</send>
<pause milliseconds="200"/>`;
  return scenario('caller-talks', `${answered}\n${hold}\n${refresh}\n${end}`);
}

// ---- bound phone side (UAS) ----

/** The bound phone's response to the platform's INVITE (its To tag, its Contact), optionally with SDP. */
export const RESPONSE = (status: string, body?: string) => `SIP/2.0 ${status}
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
[last_Record-Route:]
Contact: <sip:[local_ip]:[local_port];transport=[transport]>
${body ? 'Content-Type: application/sdp\n' : ''}Content-Length: [len]
${body ? `\n${body}` : ''}`;

/** The caller's 200 OK with its SDP (`direction`) to a request the platform sent in the caller's dialog (a re-INVITE). */
export const CALLER_OK_WITH_SDP = (direction = 'sendrecv') => `SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:[caller]@[local_ip]:[local_port]>
Content-Type: application/sdp
Content-Length: [len]

${SDP(direction)}`;

/** 200 OK to a request received in the dialog (BYE, CANCEL). */
export const OK_TO_REQUEST = `SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:[local_ip]:[local_port];transport=[transport]>
Content-Length: 0
`;

export const BYE_FROM_CALLEE = `BYE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:phone@[local_ip]:[local_port]>;tag=[pid]SIPpTag01[call_number]
To: [$from]
Call-ID: [call_id]
CSeq: 1 BYE
[routes]
Max-Forwards: 70
Content-Length: 0
`;

export type PhonePlan =
  | { kind: 'answer'; ringMs: number; hangup: 'caller' | 'callee'; talkMs: number; holdUnhold?: boolean }
  | { kind: 'busy' }
  | { kind: 'ring-forever' };

/** `expectCaller`: the phone checks that it sees the real caller's number (R12) in From and P-Asserted-Identity. */
export function phoneScenario(plan: PhonePlan, expectCaller: string): string {
  const recvInvite = `<recv request="INVITE" crlf="true" rrs="true">
<action>
<ereg regexp="sip:${expectCaller}@" search_in="hdr" header="From:" check_it="true" assign_to="c"/>
<ereg regexp="sip:${expectCaller}@" search_in="hdr" header="P-Asserted-Identity:" check_it="true" assign_to="pai"/>
<ereg regexp=".*" search_in="hdr" header="From:" assign_to="from"/>
<ereg regexp="[0-9]+ INVITE" search_in="hdr" header="CSeq:" assign_to="invcseq"/>
</action>
</recv>`;
  if (plan.kind === 'busy') {
    return scenario('phone-busy', `${recvInvite}
<send>${cdata(RESPONSE('486 Busy Here'))}</send>
<recv request="ACK"/>`);
  }
  if (plan.kind === 'ring-forever') {
    return scenario('phone-rings', `${recvInvite}
<send>${cdata(RESPONSE('180 Ringing'))}</send>
<recv request="CANCEL"/>
<send>${cdata(OK_TO_REQUEST)}</send>
<send>${cdata(RESPONSE('487 Request Terminated').replace('[last_CSeq:]', 'CSeq: [$invcseq]'))}</send>
<recv request="ACK"/>`);
  }
  const hold = plan.holdUnhold
    ? `<recv request="INVITE"><action><ereg regexp="a=sendonly" search_in="body" check_it="true" assign_to="h"/></action></recv>
<send>${cdata(RESPONSE('200 OK', SDP('recvonly')))}</send>
<recv request="ACK"/>
<recv request="INVITE"><action><ereg regexp="a=sendrecv" search_in="body" check_it="true" assign_to="u"/></action></recv>
<send>${cdata(RESPONSE('200 OK', SDP('sendrecv')))}</send>
<recv request="ACK"/>`
    : '';
  const end = plan.hangup === 'caller'
    ? `<recv request="BYE" timeout="${plan.talkMs + 15000}"/>
<send>${cdata(OK_TO_REQUEST)}</send>
<pause milliseconds="200"/>`
    : `<pause milliseconds="${plan.talkMs}"/>
<send retrans="500">${cdata(BYE_FROM_CALLEE)}</send>
<recv response="200"/>`;
  return scenario('phone-answers', `${recvInvite}
<send>${cdata(RESPONSE('180 Ringing'))}</send>
<pause milliseconds="${plan.ringMs}"/>
<send retrans="500">${cdata(RESPONSE('200 OK', SDP()))}</send>
<recv request="ACK" crlf="true"/>
${hold}
${end}`);
}

// ---- several bound phones behind one trunk (routing tests) ----

export type SwitchboardBehaviour = 'answer' | 'busy' | 'ring-forever';

/**
 * One SIPp UAS standing in for several PSTN phones behind the trunk: each INVITE is told apart by
 * its Request-URI number and answered as `phones[number]` says ('answer': rings 200 ms, answers,
 * waits for the caller's BYE). An INVITE for a number not listed gets 404, so a test sees a phone
 * rung that should not have been. Run it with `-m <number of INVITEs expected>`.
 */
export function switchboardScenario(phones: Record<string, SwitchboardBehaviour>, expectCaller: string): string {
  const entries = Object.entries(phones);
  const matchers = entries.map(([n], i) => `<ereg regexp="INVITE sip:${n}@" search_in="msg" assign_to="n${i}"/>`).join('\n');
  const recvInvite = `<recv request="INVITE" crlf="true" rrs="true">
<action>
<ereg regexp="sip:${expectCaller}@" search_in="hdr" header="From:" check_it="true" assign_to="c"/>
<ereg regexp="sip:${expectCaller}@" search_in="hdr" header="P-Asserted-Identity:" check_it="true" assign_to="pai"/>
<ereg regexp="[0-9]+ INVITE" search_in="hdr" header="CSeq:" assign_to="invcseq"/>
${matchers}
</action>
</recv>`;
  const jumps = entries.map((_, i) => `<nop next="p${i}" test="n${i}"/>`).join('\n');
  const unknown = `<send>${cdata(RESPONSE('404 Not Here'))}</send>
<recv request="ACK"/>
<nop next="end"/>`;
  const branches = entries.map(([, b], i) => `<label id="p${i}"/>\n${behaviour(b)}\n<nop next="end"/>`).join('\n');
  return scenario('switchboard', `${recvInvite}\n${jumps}\n${unknown}\n${branches}\n<label id="end"/>`);
}

function behaviour(b: SwitchboardBehaviour): string {
  if (b === 'busy') return `<send>${cdata(RESPONSE('486 Busy Here'))}</send>
<recv request="ACK"/>`;
  if (b === 'ring-forever') return `<send>${cdata(RESPONSE('180 Ringing'))}</send>
<recv request="CANCEL"/>
<send>${cdata(OK_TO_REQUEST)}</send>
<send>${cdata(RESPONSE('487 Request Terminated').replace('[last_CSeq:]', 'CSeq: [$invcseq]'))}</send>
<recv request="ACK"/>`;
  return `<send>${cdata(RESPONSE('180 Ringing'))}</send>
<pause milliseconds="200"/>
<send retrans="500">${cdata(RESPONSE('200 OK', SDP()))}</send>
<recv request="ACK" crlf="true"/>
<recv request="BYE" timeout="20000"/>
<send>${cdata(OK_TO_REQUEST)}</send>
<pause milliseconds="100"/>`;
}

/**
 * A caller that is answered and stays, taking re-INVITEs, until the platform hangs up (at most
 * `byeWithinMs`); run with -rtp_echo it sends back what it hears, so what reaches the platform from
 * it (the recording's caller channel) is what the caller heard.
 */
export function echoingCallerScenario(byeWithinMs = 60000): string {
  return scenario('echoing-caller', `<send retrans="500">${cdata(inviteWithSdp())}</send>
<recv response="100" optional="true"/>
<recv response="180" optional="true"/>
<recv response="183" optional="true"/>
<recv response="200" rrs="true"/>
<send>${cdata(inDialog('ACK', 1))}</send>
<recv request="INVITE" optional="true" next="reinvite"/>
<recv request="BYE" timeout="${byeWithinMs}" next="bye"/>
<label id="reinvite"/>
<send>${cdata(CALLER_OK_WITH_SDP())}</send>
<recv request="ACK"/>
<recv request="INVITE" optional="true" next="reinvite"/>
<recv request="BYE" timeout="${byeWithinMs}"/>
<label id="bye"/>
<send>${cdata(OK_TO_REQUEST)}</send>
<pause milliseconds="200"/>`);
}

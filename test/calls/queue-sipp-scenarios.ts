/**
 * SIPp peers of the queue interop tests: a caller who is answered by the queue and then either
 * hangs up after a while or keys a survey score and waits for our BYE; an agent's mobile behind
 * the trunk that answers, keys 1 to take the call (C15), talks and hangs up.
 */
import { BYE_FROM_CALLEE, OK_TO_REQUEST, RESPONSE, SDP, cdata, inDialog, inviteWithSdp, scenario } from '../support/sipp-scenarios.ts';

const PCAP_DIR = '/usr/share/sip-tester';
const key = (k: string) => `<nop><action><exec play_pcap_audio="${PCAP_DIR}/dtmf_2833_${k}.pcap"/></action></nop>`;

export interface QueueCallerPlan {
  /** Where our RTP to the caller goes (a probe socket of the test), else SIPp's media port. */
  mediaPort?: number;
  /** After the answer: stay this long, then hang up (BYE) … */
  hangUpAfterMs?: number;
  /** … or key this survey score after `keyAfterMs` and wait for the platform's BYE. */
  survey?: { key: string; keyAfterMs: number };
}

export function queueCallerScenario(plan: QueueCallerPlan): string {
  const port = plan.mediaPort ? String(plan.mediaPort) : '[media_port]';
  const head = `<send retrans="500">${cdata(inviteWithSdp(port))}</send>
<recv response="100" optional="true"/>
<recv response="180" optional="true"/>
<recv response="183" optional="true"/>
<recv response="200" rrs="true" timeout="15000"/>
<send>${cdata(inDialog('ACK', 1))}</send>`;
  const tail = plan.survey
    ? `<pause milliseconds="${plan.survey.keyAfterMs}"/>
${key(plan.survey.key)}
<recv request="BYE" timeout="40000"/>
<send>${cdata(OK_TO_REQUEST)}</send>
<pause milliseconds="200"/>`
    : `<pause milliseconds="${plan.hangUpAfterMs ?? 5000}"/>
<send retrans="500">${cdata(inDialog('BYE', 2))}</send>
<recv response="200" crlf="true"/>`;
  return scenario('queue-caller', `${head}\n${tail}`);
}

/** An agent's own mobile behind the trunk: answers, hears "按1接听", keys 1 (or nothing), talks, hangs up. */
export function mobileAgentScenario(plan: { confirm: boolean; talkMs: number; expectCaller: string }): string {
  const recvInvite = `<recv request="INVITE" crlf="true" rrs="true">
<action>
<ereg regexp="sip:${plan.expectCaller}@" search_in="hdr" header="From:" check_it="true" assign_to="c"/>
<ereg regexp=".*" search_in="hdr" header="From:" assign_to="from"/>
</action>
</recv>`;
  const answered = `${recvInvite}
<send>${cdata(RESPONSE('180 Ringing'))}</send>
<pause milliseconds="300"/>
<send retrans="500">${cdata(RESPONSE('200 OK', SDP()))}</send>
<recv request="ACK" crlf="true"/>`;
  if (!plan.confirm) {
    // A carrier's voicemail box: answers, keys nothing; the platform hangs it up.
    return scenario('mobile-voicemail', `${answered}
<recv request="BYE" timeout="20000"/>
<send>${cdata(OK_TO_REQUEST)}</send>
<pause milliseconds="200"/>`);
  }
  return scenario('mobile-agent', `${answered}
<pause milliseconds="1500"/>
${key('1')}
<pause milliseconds="${plan.talkMs}"/>
<send retrans="500">${cdata(BYE_FROM_CALLEE)}</send>
<recv response="200"/>`);
}

/**
 * SIPp peers of the ACD's interop tests (test/acd/*-sipp.test.ts): a caller through the trunk who
 * is answered by the queue and then follows a script (pauses, RFC 4733 keys, a recorded tone), and
 * either hangs up or waits for the platform's BYE; a PSTN phone behind the trunk that answers a
 * callback and checks the number it is shown; an agent's SIP phone that answers after a delay.
 */
import { BYE_FROM_CALLEE, OK_TO_REQUEST, RESPONSE, SDP, cdata, inDialog, inviteWithSdp, scenario } from '../support/sipp-scenarios.ts';

const PCAP_DIR = '/usr/share/sip-tester';

export type CallerStep = { pause: number } | { key: string } | { pcap: string };

export interface AcdCallerPlan {
  /** After the 200: these, in order. */
  steps: CallerStep[];
  /** Then the caller hangs up ('bye') or waits for the platform's BYE ('await-bye'). */
  end: 'bye' | 'await-bye';
  /** How long the platform may take to answer (ms). */
  answerTimeoutMs?: number;
}

function stepXml(s: CallerStep): string {
  if ('pause' in s) return `<pause milliseconds="${s.pause}"/>`;
  if ('pcap' in s) return `<nop><action><exec play_pcap_audio="${s.pcap}"/></action></nop>`;
  return `<nop><action><exec play_pcap_audio="${PCAP_DIR}/dtmf_2833_${s.key}.pcap"/></action></nop>`;
}

export function acdCallerScenario(plan: AcdCallerPlan): string {
  const head = `<send retrans="500">${cdata(inviteWithSdp())}</send>
<recv response="100" optional="true"/>
<recv response="180" optional="true"/>
<recv response="183" optional="true"/>
<recv response="200" rrs="true" timeout="${plan.answerTimeoutMs ?? 15000}"/>
<send>${cdata(inDialog('ACK', 1))}</send>`;
  const tail = plan.end === 'bye'
    ? `<send retrans="500">${cdata(inDialog('BYE', 2))}</send>
<recv response="200" crlf="true"/>`
    : `<recv request="BYE" timeout="60000"/>
<send>${cdata(OK_TO_REQUEST)}</send>
<pause milliseconds="200"/>`;
  return scenario('acd-caller', `${head}\n${plan.steps.map(stepXml).join('\n')}\n${tail}`);
}

/**
 * A phone behind the trunk (the customer of a callback): checks it is shown `expectFrom` (the
 * tenant's 400 number), answers after `ringMs`, talks `talkMs` and hangs up.
 */
export function pstnAnswerScenario(plan: { expectFrom: string; ringMs: number; talkMs: number }): string {
  return scenario('pstn-phone', `<recv request="INVITE" crlf="true" rrs="true">
<action>
<ereg regexp="sip:[^@]*${plan.expectFrom}@" search_in="hdr" header="From:" check_it="true" assign_to="f"/>
<ereg regexp=".*" search_in="hdr" header="From:" assign_to="from"/>
</action>
</recv>
<send>${cdata(RESPONSE('180 Ringing'))}</send>
<pause milliseconds="${plan.ringMs}"/>
<send retrans="500">${cdata(RESPONSE('200 OK', SDP()))}</send>
<recv request="ACK" crlf="true"/>
<pause milliseconds="${plan.talkMs}"/>
<send retrans="500">${cdata(BYE_FROM_CALLEE)}</send>
<recv response="200"/>`);
}

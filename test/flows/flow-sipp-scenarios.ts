/**
 * SIPp callers for the flow e2e tests: a caller that waits for our early media (183), keys RFC 4733
 * digits from the SIPp captures, and then expects a final answer. The captures are slices of one
 * recorded session (one SSRC): within a call they must be keyed in recorded order
 * (1, 0, 2, 3, …, 9, star, pound), or RTP time runs backwards and the digit is discarded as stale.
 */
import { CANCEL, NON2XX_ACK, cdata, inDialog, inviteWithSdp, scenario } from '../support/sipp-scenarios.ts';

const PCAP_DIR = '/usr/share/sip-tester';

/** What the caller does between sending INVITE and the final response. */
export type CallerStep = { pause: number } | { key: string } | { audio: true };

export interface FlowCallerPlan {
  /** Wait for our 183 before the steps (the flow speaks as early media). */
  early183: boolean;
  steps: CallerStep[];
  /** Final response expected: 200 (then `afterAnswer` steps, and the caller hangs up) or a failure; 487: the caller sends CANCEL after the steps. */
  final: number;
  afterAnswer?: CallerStep[];
  /** A literal media port for the SDP (a probe socket of the test), else SIPp's own. */
  mediaPort?: number;
  finalTimeoutMs?: number;
}

function stepXml(s: CallerStep): string {
  if ('pause' in s) return `<pause milliseconds="${s.pause}"/>`;
  if ('audio' in s) return `<nop><action><exec play_pcap_audio="${PCAP_DIR}/g711a.pcap"/></action></nop>`;
  return `<nop><action><exec play_pcap_audio="${PCAP_DIR}/dtmf_2833_${s.key}.pcap"/></action></nop>`;
}

export function flowCallerScenario(plan: FlowCallerPlan): string {
  const port = plan.mediaPort ? String(plan.mediaPort) : '[media_port]';
  const timeout = plan.finalTimeoutMs ?? 30000;
  const head = `<send retrans="500">${cdata(inviteWithSdp(port))}</send>
<recv response="100" optional="true"/>
${plan.early183 ? '<recv response="183"/>' : ''}
${plan.steps.map(stepXml).join('\n')}
${plan.final === 487 ? '' : '<recv response="180" optional="true"/>\n<recv response="183" optional="true"/>'}`;
  const cancel = `<send>${cdata(CANCEL)}</send>
<recv response="200"/>
<recv response="487"/>
<send>${cdata(NON2XX_ACK)}</send>
<pause milliseconds="200"/>`;
  const tail = plan.final === 487 ? cancel : plan.final === 200
    ? `<recv response="200" rrs="true" timeout="${timeout}"/>
<send>${cdata(inDialog('ACK', 1))}</send>
${(plan.afterAnswer ?? []).map(stepXml).join('\n')}
<send retrans="500">${cdata(inDialog('BYE', 2))}</send>
<recv response="200" crlf="true"/>`
    : `<recv response="${plan.final}" timeout="${timeout}"/>
<send>${cdata(NON2XX_ACK)}</send>
<pause milliseconds="200"/>`;
  return scenario('flow-caller', `${head}\n${tail}`);
}

/**
 * A bound phone scenario that also checks which number the platform rang (the Request-URI user
 * ends with `expectNumber`): proves the menu picked the group.
 */
export function expectRung(scenario: string, expectNumber: string): string {
  return scenario
    .replace(/(<ereg regexp="sip:[^"]*" search_in="hdr" header="From:" check_it="true" assign_to="c"\/>)/, `$1\n<ereg regexp="^INVITE sip:[^@ ]*${expectNumber}@" search_in="msg" check_it="true" assign_to="rung"/>`)
    .replace('<Reference variables="', '<Reference variables="rung,');
}

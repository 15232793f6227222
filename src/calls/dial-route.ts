/** Where the INVITE for a dial target goes: a PSTN number via the trunk's proxy, a SIP user at its registered contact. */
import type { Target } from '../sip/endpoint/sip-endpoint-types.ts';
import type { DialTarget } from './call-router.ts';

export interface DialRoute {
  requestUri: string;
  target: Target;
  /** What the call record shows as the answering party. */
  answering: string;
}

/** Undefined: a SIP user with no registered contact (not reachable now). */
export function dialRoute(target: DialTarget): DialRoute | undefined {
  if (target.kind === 'pstn') return { requestUri: `sip:${target.number}@${target.proxyHost}`, target: target.proxy, answering: target.number };
  const c = target.contacts[0];
  return c ? { requestUri: c.uri, target: c.target, answering: target.username } : undefined;
}

/**
 * The platform's transfer policy (calls/transfer-targets.ts): a registered SIP user of the call's
 * own tenant is always reachable; an outside number only for a tenant `outsideAllowed` names
 * (none by default: a phone on a 400 number must not become a way to call anywhere on the
 * tenant's bill); anything else is refused.
 */
import type { RoutingDirectory } from '../routing/number-router.ts';
import { pstnTarget } from '../routing/pstn-target.ts';
import type { TransferTargets } from '../calls/transfer-targets.ts';

export function transferTargets(dir: RoutingDirectory, outsideAllowed: (tenantId: string) => Promise<boolean> = async () => false): TransferTargets {
  return {
    async resolve(tenantId, destination) {
      const contacts = await dir.locateUser(tenantId, destination);
      if (contacts.length > 0) return { kind: 'target', target: { kind: 'sip', username: destination, contacts } };
      if (!/^\+?\d{3,20}$/.test(destination)) return { kind: 'refused', reason: `${destination} is no registered SIP user of this tenant` };
      if (!(await outsideAllowed(tenantId))) return { kind: 'refused', reason: 'transfers to outside numbers are not allowed for this tenant' };
      const trunk = dir.outboundTrunk();
      if (!trunk) return { kind: 'refused', reason: 'no trunk to reach outside numbers' };
      return { kind: 'target', target: pstnTarget(trunk, destination) };
    },
  };
}

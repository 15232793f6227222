/**
 * The platform's transfer policy (calls/transfer-targets.ts): a registered SIP user of the call's
 * own tenant is always reachable; an outside number only for a tenant whose outbound settings allow
 * outside transfers (`outsideTransfers`, the operator's choice, off by default: a phone on a 400
 * number must not become a way to call anywhere on the tenant's bill), and then only to a
 * destination the tenant's outbound rules let it reach (routing's OutboundGate, as for calls out:
 * not while suspended, no premium or disallowed country); anything else is refused. Consults,
 * three-ways and REFERs go through here too.
 */
import type { RoutingDirectory } from '../routing/number-router.ts';
import { pstnTarget } from '../routing/pstn-target.ts';
import { OutboundGate } from '../routing/outbound-gate.ts';
import { nationalForm, toE164 } from '../phone/phone-number.ts';
import type { TransferTargets } from '../calls/transfer-targets.ts';

export function transferTargets(dir: RoutingDirectory): TransferTargets {
  return {
    async resolve(tenantId, destination) {
      const contacts = await dir.locateUser(tenantId, destination);
      if (contacts.length > 0) return { kind: 'target', target: { kind: 'sip', username: destination, contacts } };
      if (!/^\+?\d{3,20}$/.test(destination)) return { kind: 'refused', reason: `${destination} is no registered SIP user of this tenant` };
      const outbound = await dir.tenantOutbound(tenantId);
      if (!outbound.outsideTransfers) return { kind: 'refused', reason: 'transfers to outside numbers are not allowed for this tenant' };
      const e164 = toE164(destination);
      if (!e164) return { kind: 'refused', reason: `${destination} is not a phone number` };
      const gate = new OutboundGate(async () => outbound);
      if (!(await gate.allows(e164))) return { kind: 'refused', reason: gate.refusal?.reason ?? 'Destination Not Allowed' };
      const trunk = dir.outboundTrunk();
      if (!trunk) return { kind: 'refused', reason: 'no trunk to reach outside numbers' };
      // Carriers take national numbers in the Request-URI.
      return { kind: 'target', target: pstnTarget(trunk, nationalForm(e164)) };
    },
  };
}

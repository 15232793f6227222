/** Wires the routing directory to the domain stores and the registrar. */
import type { Kysely } from 'kysely';
import type { RoutingDirectory, UserContact } from '../routing/number-router.ts';
import { listBoundPhones } from '../routing/bound-phone-store.ts';
import { getNumberPolicy } from '../routing/number-policy-store.ts';
import { lastAnsweredBy, lastCallEnds } from '../cdr/call-history.ts';
import { describeCallerRemembered } from '../phone/remembered-caller-info.ts';
import { findActiveNumber } from '../numbers/number-inventory.ts';
import { getTenant } from '../tenants/tenant-store.ts';
import type { TrunkDirectory } from '../trunks/trunk-directory.ts';
import type { Registrar } from '../sip/registrar/registrar.ts';
import { formatUri } from '../sip/message/uri.ts';
import { getTenantOutbound } from '../fraud/outbound-store.ts';
import { ratePlanForCall } from '../cdr/number-rate-plan.ts';

/** The tenant of an enabled SIP user, or null (unknown, disabled, or an operator account). */
export type SipUserTenant = (sipUsername: string) => Promise<string | null>;

export function routingDirectory(db: Kysely<object>, trunks: TrunkDirectory, registrar: Registrar, sipUserTenant: SipUserTenant): RoutingDirectory {
  return {
    trunkForAddress: (address) => trunks.matchSource(address),
    outboundTrunk: (preferred) => {
      const wanted = preferred ? trunks.byId(preferred) : undefined;
      if (wanted?.enabled) return wanted;
      return trunks.list().find((t) => t.enabled);
    },
    findActiveNumber: async (number) => {
      const n = await findActiveNumber(db, number);
      return n ? { tenantId: n.tenantId } : undefined;
    },
    boundPhones: (tenantId, number) => listBoundPhones(db, tenantId, number),
    // The registrar keys bindings by SIP user name alone (sip/ knows no tenants): the owner is checked here.
    locateUser: async (tenantId, username): Promise<UserContact[]> => {
      if ((await sipUserTenant(username)) !== tenantId) return [];
      return registrar.lookup(username).map((b) => ({
        uri: formatUri(b.contact.uri),
        // Send to where the REGISTER came from: the phone may sit behind NAT (RFC 3581 spirit).
        target: { transport: b.source.transport, host: b.source.address, port: b.source.port },
      }));
    },
    tenantOutbound: (tenantId) => getTenantOutbound(db, tenantId),
    ratedCallTypes: async (tenantId, number) => new Set(Object.keys((await ratePlanForCall(db, tenantId, number))?.rates ?? {})),
    // Read per call, so a change made through the API or an import is effective for the next call.
    numberPolicy: async (tenantId, number) => (await getNumberPolicy(db, tenantId, number))?.policy,
    tenantTimeZone: async (tenantId) => (await getTenant(db, tenantId))?.timeZone ?? 'Asia/Shanghai',
    lastAnsweredBy: (tenantId, number, caller, since) => lastAnsweredBy(db, tenantId, number, caller, since),
    lastCallEnds: (tenantId, number) => lastCallEnds(db, tenantId, number),
    describeCaller: describeCallerRemembered,
  };
}

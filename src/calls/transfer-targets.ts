/**
 * Where a transfer may go (a REFER from a phone, the API's transfer): the composition root
 * implements it from the tenant's users, the registrar and the trunks. Toll fraud through transfer
 * is refused here: by default only the tenant's own SIP users (agents' phones) are reachable;
 * an outside number only where the tenant's policy allows it.
 */
import type { DialTarget } from './call-router.ts';

export type TransferResolution = { kind: 'target'; target: DialTarget } | { kind: 'refused'; reason: string };

export interface TransferTargets {
  /** `destination`: a SIP user name or a phone number, as the Refer-To user part or the API names it. */
  resolve(tenantId: string, destination: string): Promise<TransferResolution>;
}

/**
 * Call-time check of the PSTN targets of one call (toll fraud, issue 11 finding 5): a number the
 * tenant may not reach — premium, satellite, a country the operator did not allow — or any number
 * while the tenant's outbound calls are suspended, is not rung. The binding-time check refuses
 * such numbers already; this catches what was stored before, or a suspension since.
 */
import { destinationVerdict } from '../fraud/destination-rules.ts';
import type { TenantOutbound } from '../fraud/outbound-store.ts';

export interface OutboundRefusal {
  status: 403;
  reason: 'Outbound Suspended' | 'Destination Not Allowed';
}

export class OutboundGate {
  private rules: Promise<TenantOutbound> | undefined;
  /** Why a target was dropped (a suspension wins), for the answer when nothing is left to ring. */
  refusal: OutboundRefusal | undefined;

  constructor(private readonly load: () => Promise<TenantOutbound>) {}

  async allows(e164: string): Promise<boolean> {
    const rules = await (this.rules ??= this.load());
    if (rules.suspended) {
      this.refusal = { status: 403, reason: 'Outbound Suspended' };
      return false;
    }
    if (destinationVerdict(e164, rules.allowedCountryCodes).allowed) return true;
    this.refusal ??= { status: 403, reason: 'Destination Not Allowed' };
    return false;
  }
}

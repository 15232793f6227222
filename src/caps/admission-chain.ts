/**
 * The B2BUA's one `admit` hook made of several checks (prepaid balance, caps, …): they run in
 * order and the first refusal wins; later checks are not asked. Order matters because a check may
 * count what it admits (the cap gate counts the calls it lets through): put it last.
 */
import type { CallRefusal } from '../calls/ports.ts';

export type AdmissionCheck = (tenantId: string, number400: string) => Promise<CallRefusal | undefined>;

export function admissionChain(...checks: AdmissionCheck[]): AdmissionCheck {
  return async (tenantId, number400) => {
    for (const check of checks) {
      const refusal = await check(tenantId, number400);
      if (refusal) return refusal;
    }
    return undefined;
  };
}

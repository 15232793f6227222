import { chargeCall } from '../../../src/billing/charge-call.ts';
import { topUp } from '../../../src/billing/ledger-store.ts';
import { assignRatePlan, upsertRatePlan } from '../../../src/billing/rate-plan-store.ts';
import type { TenantTables } from '../../../src/tenants/tenant-store.ts';
import type { Seed } from '../support/route-world.ts';

/**
 * The route world's tenant as an enterprise row (its id is fixed by the world, so the row is
 * written directly), on a rate plan, with a top-up and a charged call: the tenant's own account,
 * statement and daily totals then answer with real entries. Runs first (file order).
 */
const seed: Seed = async ({ db, tenantId, now }) => {
  const stamp = now.toISOString();
  await db
    .withTables<TenantTables>()
    .insertInto('tenants')
    .values({
      id: tenantId,
      code: tenantId,
      name: `Enterprise ${tenantId}`,
      social_credit_code: null,
      contact_name: 'Seed Contact',
      contact_phone: '+8613800138000',
      contact_email: null,
      status: 'active',
      seats: 5,
      time_zone: 'Asia/Shanghai',
      created_at: stamp,
      updated_at: stamp,
    })
    .execute();
  const { plan } = await upsertRatePlan(db, { name: 'Seed plan', billingUnitSeconds: 60, monthlyFeeLi: 0, rates: { inbound_forward_mobile: 150 } }, 'route-world', now);
  await assignRatePlan(db, tenantId, plan.id, 'route-world', now);
  await topUp(db, tenantId, 100_000, { reference: `seed-top-up-${tenantId}` }, 'route-world', now);
  await chargeCall(db, { tenantId, callId: `seed-call-${tenantId}`, talkSeconds: 90, callType: 'inbound_forward_mobile' }, 'route-world', now);
};

export default seed;

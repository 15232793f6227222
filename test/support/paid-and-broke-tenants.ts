// Two tenants on one rate plan, each with a 400 number forwarding to a mobile through the `carrier`
// trunk (which sends to `phonePort`): `acme` topped up with `topUpLi`, `broke` with nothing (欠费).
import type { Harness } from './platform-harness.ts';
import { tenantWithNumber } from './platform-harness.ts';
import { topUp } from '../../src/billing/ledger-store.ts';
import { assignRatePlan, createRatePlan } from '../../src/billing/rate-plan-store.ts';
import { getTenantByCode } from '../../src/tenants/tenant-store.ts';

export async function provisionPaidAndBroke(h: Harness, opts: { number: string; brokeNumber: string; phonePort: number; topUpLi: number }): Promise<{ acme: string; broke: string }> {
  const brokeTenant = { ...tenantWithNumber(opts.brokeNumber, [{ pstn: '13800138000' }]), code: 'broke', name: '欠费科技有限公司' };
  await h.provision({
    trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: opts.phonePort, transport: 'udp' } }],
    tenants: [tenantWithNumber(opts.number, [{ pstn: '13800138000' }]), brokeTenant],
  });
  const db = h.platform.database.db;
  const acme = (await getTenantByCode(db, 'acme'))?.id ?? '';
  const broke = (await getTenantByCode(db, 'broke'))?.id ?? '';
  // 0.06 CNY per 6 s to a forwarded mobile.
  const plan = await createRatePlan(db, { name: 'standard', billingUnitSeconds: 6, monthlyFeeLi: 0, rates: { inbound_forward_mobile: 60, inbound_forward_landline: 60, inbound_agent: 30 } }, 'op');
  await assignRatePlan(db, acme, plan.id, 'op');
  await assignRatePlan(db, broke, plan.id, 'op');
  await topUp(db, acme, opts.topUpLi, { reference: 'pay-acme' }, 'op');
  return { acme, broke };
}

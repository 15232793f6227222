import { provisionNumber } from '../../../src/numbers/provision-number.ts';
import { TENANT_A } from '../support/route-world.ts';
import type { Seed } from '../support/route-world.ts';

/** An active and a pending 400 number per tenant, so routes keyed by `:number` have foreign ids. */
const seed: Seed = async ({ db, tenantId, now }) => {
  const base = tenantId === TENANT_A ? 4006100000 : 4006200000;
  await provisionNumber(db, { number: String(base + 1), tenantId, status: 'active', by: 'route-world', now });
  await provisionNumber(db, { number: String(base + 2), tenantId, status: 'pending_activation', by: 'route-world', now });
};

export default seed;

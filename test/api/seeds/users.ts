import { createApiKey } from '../../../src/api/auth/api-key-store.ts';
import type { Seed } from '../support/route-world.ts';

/** Users and API keys of a tenant (the role users themselves are made by the route world). */
const seed: Seed = async ({ h, db, tenantId, now }) => {
  await h.user(tenantId, `${tenantId}.seed-agent`, 'agent', { agentId: '7001', sipUsername: `${tenantId}-7001`, sipPassword: 'seed-sip-pass' });
  await createApiKey(db, { tenantId, name: 'seed key', rights: ['audit:read'], expiresAt: null, createdBy: null }, now);
};

export default seed;

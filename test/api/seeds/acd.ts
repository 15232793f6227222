import { putMembership } from '../../../src/acd/membership-store.ts';
import { createQueue } from '../../../src/acd/queue-store.ts';
import { createSkill } from '../../../src/acd/skill-store.ts';
import { listUsers } from '../../../src/users/user-store.ts';
import type { Seed } from '../support/route-world.ts';

/** A skill, a queue routing by it, and the tenant's agent as its member: the ACD routes then have ids to walk. */
const seed: Seed = async ({ db, tenantId, now }) => {
  const skill = await createSkill(db, tenantId, 'English', now);
  const queue = await createQueue(db, tenantId, { name: 'service', skillId: skill.id }, now);
  for (const u of await listUsers(db, tenantId, { role: 'agent', limit: 10 })) await putMembership(db, tenantId, { queueId: queue.id, userId: u.id });
};

export default seed;

import { randomUUID } from 'node:crypto';
import { closeCallRecord, openCallRecord } from '../../../src/cdr/call-record-store.ts';
import { TENANT_A } from '../support/route-world.ts';
import type { Seed } from '../support/route-world.ts';

/** One finished call per tenant (an hour ago), so routes keyed by a call record id have foreign ids. */
const seed: Seed = async ({ db, tenantId, now }) => {
  const id = randomUUID();
  const startedAt = new Date(now.getTime() - 3600_000);
  const number400 = tenantId === TENANT_A ? '4006100001' : '4006200001';
  await openCallRecord(db, { id, tenantId, number400, sipCallId: `seed-${id}`, caller: { number: '+8613800138000', kind: 'mobile' }, startedAt });
  await closeCallRecord(db, id, { endedAt: new Date(startedAt.getTime() + 60_000), outcome: 'answered', sipStatus: 200, sipReason: 'OK', endedBy: 'caller', answeredAt: new Date(startedAt.getTime() + 5000), answeringNumber: '+8613900139000' });
};

export default seed;

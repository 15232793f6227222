import { addVoicemail } from '../../../src/flows/voicemail-store.ts';
import { TENANT_A } from '../support/route-world.ts';
import type { Seed } from '../support/route-world.ts';

/** One voicemail per tenant (its file need not exist: the matrix only needs the foreign id). */
const seed: Seed = async ({ db, tenantId, now }) => {
  const number400 = tenantId === TENANT_A ? '4006100001' : '4006200001';
  await addVoicemail(db, { tenantId, number400, callId: `seed-vm-${tenantId}`, callerNumber: '+8613800138000', path: `/nonexistent/seed-${tenantId}.wav`, durationMs: 3000, createdAt: now });
};

export default seed;

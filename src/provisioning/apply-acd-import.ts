/**
 * A tenant's ACD from a provisioning file (docs/provisioning.md, docs/acd.md): not-ready reasons,
 * skills, queues (found again by name; other queues and skills named), their members and agents'
 * skills by user name — through the ACD's own store functions, so the same checks apply as in the
 * API. Idempotent: running a file twice changes nothing.
 */
import type { Kysely } from 'kysely';
import { AcdError } from '../acd/acd-error.ts';
import type { OverflowTarget } from '../acd/acd-model.ts';
import { deleteMembership, listMemberships, putMembership } from '../acd/membership-store.ts';
import { setNotReadyReasons } from '../acd/not-ready-reason-store.ts';
import type { QueueInput } from '../acd/queue-input.ts';
import { createQueue, listQueues, updateQueue } from '../acd/queue-store.ts';
import { createSkill, listSkills, setAgentSkills } from '../acd/skill-store.ts';
import { findUserRowByUsername } from '../users/user-store.ts';
import type { ImportAcd } from './import-schema.ts';

type Db = Kysely<object>;

export async function importAcd(db: Db, tenantId: string, acd: ImportAcd, now: Date): Promise<void> {
  if (acd.notReadyReasons) await setNotReadyReasons(db, tenantId, acd.notReadyReasons);
  const known = new Set((await listSkills(db, tenantId)).map((s) => s.name));
  for (const name of acd.skills ?? []) if (!known.has(name.trim())) await createSkill(db, tenantId, name, now);
  const skillIds = new Map((await listSkills(db, tenantId)).map((s) => [s.name, s.id]));
  const skillId = (name: string, where: string): string => {
    const id = skillIds.get(name);
    if (id === undefined) throw new AcdError('SKILL_NOT_FOUND', `${where}: no skill named ${name} (list it under acd.skills)`);
    return id;
  };
  const userId = async (username: string, where: string): Promise<string> => {
    const row = await findUserRowByUsername(db, username);
    if (!row || row.tenant_id !== tenantId || row.role !== 'agent') throw new AcdError('AGENT_NOT_FOUND', `${where}: no agent ${username} in this tenant`);
    return row.id;
  };

  // Queues first without overflow to another queue (it may come later in the file), then those.
  const queues = acd.queues ?? [];
  for (const q of queues) {
    const { members: _m, skill, overflow, ...settings } = q;
    const input = { ...settings, ...(skill !== undefined ? { skillId: skillId(skill, `queue ${q.name}.skill`) } : {}) } as QueueInput;
    if (overflow && overflow.kind !== 'queue') input.overflow = overflow as OverflowTarget;
    const existing = (await listQueues(db, tenantId)).find((x) => x.name === q.name.trim());
    if (existing) await updateQueue(db, tenantId, existing.id, input, now);
    else await createQueue(db, tenantId, input, now);
  }
  const ids = new Map((await listQueues(db, tenantId)).map((x) => [x.name, x.id]));
  for (const q of queues) {
    const id = ids.get(q.name.trim())!;
    if (q.overflow?.kind === 'queue') {
      const target = ids.get(q.overflow.queue);
      if (target === undefined) throw new AcdError('QUEUE_NOT_FOUND', `queue ${q.name}.overflow: no queue named ${q.overflow.queue}`);
      await updateQueue(db, tenantId, id, { overflow: { kind: 'queue', queueId: target } }, now);
    }
    if (q.members) {
      const wanted = new Set<string>();
      for (const [i, m] of q.members.entries()) {
        const { username, ...fields } = m;
        const uid = await userId(username, `queue ${q.name}.members[${i}]`);
        wanted.add(uid);
        await putMembership(db, tenantId, { ...fields, queueId: id, userId: uid });
      }
      for (const m of await listMemberships(db, tenantId, { queueId: id })) if (!wanted.has(m.userId)) await deleteMembership(db, tenantId, id, m.userId);
    }
  }
  for (const [i, a] of (acd.agents ?? []).entries()) {
    if (!a.skills) continue;
    const uid = await userId(a.username, `acd.agents[${i}]`);
    await setAgentSkills(db, tenantId, uid, a.skills.map((s) => ({ skillId: skillId(s.skill, `acd.agents[${i}].skills`), proficiency: s.proficiency })));
  }
}

/** A tenant's skills and its agents' proficiency (1–5) in them. */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { AcdError } from './acd-error.ts';
import type { Skill } from './acd-model.ts';
import type { AcdTables } from './acd-tables.ts';

type Db = Kysely<object>;
const tables = (db: Db) => db.withTables<AcdTables>();

export interface AgentSkill {
  userId: string;
  skillId: string;
  proficiency: number;
}

export async function listSkills(db: Db, tenantId: string): Promise<Skill[]> {
  const rows = await tables(db).selectFrom('acd_skills').select(['id', 'tenant_id', 'name']).where('tenant_id', '=', tenantId).orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, name: r.name }));
}

export async function createSkill(db: Db, tenantId: string, name: string, now: Date, id: string = newId()): Promise<Skill> {
  const clean = name.trim();
  if (clean.length < 1 || clean.length > 64) throw new AcdError('INVALID_ACD', 'name: 1–64 characters', { field: 'name' });
  const other = await tables(db).selectFrom('acd_skills').select('id').where('tenant_id', '=', tenantId).where('name', '=', clean).executeTakeFirst();
  if (other) throw new AcdError('NAME_TAKEN', `a skill named ${clean} exists`, { field: 'name' });
  await tables(db).insertInto('acd_skills').values({ id, tenant_id: tenantId, name: clean, created_at: toDbTimestamp(now) }).execute();
  return { id, tenantId, name: clean };
}

/** Removes the skill and every agent's proficiency in it; refused while a queue asks for it. */
export async function deleteSkill(db: Db, tenantId: string, id: string, usedByQueue: string | undefined): Promise<boolean> {
  if (usedByQueue !== undefined) throw new AcdError('INVALID_ACD', `queue ${usedByQueue} routes by this skill; change it first`, { field: 'id' });
  await tables(db).deleteFrom('acd_agent_skills').where('tenant_id', '=', tenantId).where('skill_id', '=', id).execute();
  const res = await tables(db).deleteFrom('acd_skills').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export async function listAgentSkills(db: Db, tenantId: string, userId?: string): Promise<AgentSkill[]> {
  let q = tables(db).selectFrom('acd_agent_skills').select(['user_id', 'skill_id', 'proficiency']).where('tenant_id', '=', tenantId);
  if (userId !== undefined) q = q.where('user_id', '=', userId);
  const rows = await q.orderBy('user_id').orderBy('skill_id').execute();
  return rows.map((r) => ({ userId: r.user_id, skillId: r.skill_id, proficiency: r.proficiency }));
}

/** Replaces an agent's skills. */
export async function setAgentSkills(db: Db, tenantId: string, userId: string, skills: readonly { skillId: string; proficiency: number }[]): Promise<void> {
  const known = new Set((await listSkills(db, tenantId)).map((s) => s.id));
  const seen = new Set<string>();
  for (const [i, s] of skills.entries()) {
    if (!known.has(s.skillId)) throw new AcdError('SKILL_NOT_FOUND', `skills[${i}]: no such skill in this tenant`, { field: `skills[${i}].skillId` });
    if (!Number.isInteger(s.proficiency) || s.proficiency < 1 || s.proficiency > 5) throw new AcdError('INVALID_ACD', `skills[${i}].proficiency: 1–5`, { field: `skills[${i}].proficiency` });
    if (seen.has(s.skillId)) throw new AcdError('INVALID_ACD', `skills[${i}]: the skill is listed twice`, { field: `skills[${i}].skillId` });
    seen.add(s.skillId);
  }
  await tables(db).deleteFrom('acd_agent_skills').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
  if (skills.length > 0) {
    await tables(db)
      .insertInto('acd_agent_skills')
      .values(skills.map((s) => ({ tenant_id: tenantId, user_id: userId, skill_id: s.skillId, proficiency: s.proficiency })))
      .execute();
  }
}

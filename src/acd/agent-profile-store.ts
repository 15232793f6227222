/**
 * Each agent's chosen phone (a SIP phone, the browser, or their own mobile) and the regions they
 * serve. An agent without a row uses their SIP user, else their bound number (defaultAgentPhone).
 */
import type { Kysely } from 'kysely';
import { toDbTimestamp } from '../db/conventions.ts';
import { toE164 } from '../phone/phone-number.ts';
import { SIP_USERNAME_PATTERN } from '../users/user.ts';
import { AcdError } from './acd-error.ts';
import type { AgentPhone } from './acd-model.ts';
import type { AcdTables } from './acd-tables.ts';

type Db = Kysely<object>;
const SIP_USERNAME = new RegExp(SIP_USERNAME_PATTERN);
const tables = (db: Db) => db.withTables<AcdTables>();

export interface StoredAgentProfile {
  userId: string;
  phone: AgentPhone;
  regions: string[];
}

function toPhone(kind: string, target: string): AgentPhone {
  return kind === 'mobile' ? { kind: 'mobile', number: target } : { kind: kind === 'browser' ? 'browser' : 'sip', username: target };
}

/** The phone of an agent who chose none: the SIP user, else the bound mobile. */
export function defaultAgentPhone(user: { sipUsername: string | null; boundNumber: string | null }): AgentPhone | undefined {
  if (user.sipUsername !== null) return { kind: 'sip', username: user.sipUsername };
  if (user.boundNumber !== null) return { kind: 'mobile', number: user.boundNumber };
  return undefined;
}

export async function listAgentProfiles(db: Db, tenantId?: string): Promise<(StoredAgentProfile & { tenantId: string })[]> {
  let q = tables(db).selectFrom('acd_agent_profiles').selectAll();
  if (tenantId !== undefined) q = q.where('tenant_id', '=', tenantId);
  return (await q.execute()).map((r) => ({ tenantId: r.tenant_id, userId: r.user_id, phone: toPhone(r.phone_kind, r.phone_target), regions: JSON.parse(r.regions) as string[] }));
}

/** Checks and stores an agent's phone and regions. A mobile is normalised to E.164. */
export async function putAgentProfile(db: Db, tenantId: string, profile: StoredAgentProfile, now: Date): Promise<StoredAgentProfile> {
  const phone = checkPhone(profile.phone);
  if (profile.regions.length > 40 || profile.regions.some((r) => r.trim().length === 0 || r.length > 32)) throw new AcdError('INVALID_ACD', 'regions: up to 40 names of 1–32 characters', { field: 'regions' });
  const row = {
    user_id: profile.userId,
    tenant_id: tenantId,
    phone_kind: phone.kind,
    phone_target: phone.kind === 'mobile' ? phone.number : phone.username,
    regions: JSON.stringify(profile.regions.map((r) => r.trim())),
    updated_at: toDbTimestamp(now),
  };
  await tables(db).deleteFrom('acd_agent_profiles').where('tenant_id', '=', tenantId).where('user_id', '=', profile.userId).execute();
  await tables(db).insertInto('acd_agent_profiles').values(row).execute();
  return { userId: profile.userId, phone, regions: JSON.parse(row.regions) as string[] };
}

function checkPhone(phone: AgentPhone): AgentPhone {
  if (phone.kind === 'mobile') {
    const number = toE164(phone.number);
    if (number === undefined) throw new AcdError('INVALID_ACD', 'phone.number: not a phone number', { field: 'phone.number' });
    return { kind: 'mobile', number };
  }
  if (!SIP_USERNAME.test(phone.username)) throw new AcdError('INVALID_ACD', 'phone.username: not a SIP user name', { field: 'phone.username' });
  return { kind: phone.kind, username: phone.username };
}

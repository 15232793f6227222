/** Each agent's desk settings (issue 14): auto-answer — the desk answers an offer by itself. */
import type { Kysely } from 'kysely';
import { toDbTimestamp } from '../db/conventions.ts';
import type { DeskTables } from './desk-tables.ts';

type Db = Kysely<object>;
const tables = (db: Db) => db.withTables<DeskTables>();

export interface DeskSettings {
  autoAnswer: boolean;
}

export async function getDeskSettings(db: Db, tenantId: string, userId: string): Promise<DeskSettings> {
  const row = await tables(db).selectFrom('desk_agent_settings').select('auto_answer').where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
  return { autoAnswer: row?.auto_answer === 1 };
}

export async function putDeskSettings(db: Db, tenantId: string, userId: string, settings: DeskSettings, now: Date): Promise<DeskSettings> {
  await tables(db).deleteFrom('desk_agent_settings').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
  await tables(db).insertInto('desk_agent_settings').values({ tenant_id: tenantId, user_id: userId, auto_answer: settings.autoAnswer ? 1 : 0, updated_at: toDbTimestamp(now) }).execute();
  return settings;
}

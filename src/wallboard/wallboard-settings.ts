/**
 * A tenant's wallboard settings (C17): the service level's target seconds and goal — the day's
 * service level counts calls answered within the target, the staffing hint aims at the goal — and
 * the thresholds that turn a figure red and alert supervisors (null: that alert is off).
 */
import type { Kysely } from 'kysely';

export interface WallboardSettings {
  /** Answered within this many seconds counts towards the service level. */
  targetSeconds: number;
  /** The share (%) to answer within the target; Erlang C's goal for the staffing hint. */
  serviceLevelGoalPercent: number;
  /** The longest wait over this many seconds turns red and alerts; null: never. */
  longestWaitAlertSeconds: number | null;
  /** The day's service level under this % turns red and alerts; null: never. */
  serviceLevelAlertPercent: number | null;
}

export const DEFAULT_WALLBOARD_SETTINGS: WallboardSettings = {
  targetSeconds: 20,
  serviceLevelGoalPercent: 80,
  longestWaitAlertSeconds: 60,
  serviceLevelAlertPercent: 80,
};

type Tables = {
  wallboard_settings: {
    tenant_id: string;
    target_seconds: number;
    service_level_goal_percent: number;
    longest_wait_alert_seconds: number | null;
    service_level_alert_percent: number | null;
    updated_at: string;
  };
};
type Db = Kysely<object>;
const tables = (db: Db) => db.withTables<Tables>();

export async function getWallboardSettings(db: Db, tenantId: string): Promise<WallboardSettings> {
  const row = await tables(db).selectFrom('wallboard_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  if (!row) return { ...DEFAULT_WALLBOARD_SETTINGS };
  return {
    targetSeconds: Number(row.target_seconds),
    serviceLevelGoalPercent: Number(row.service_level_goal_percent),
    longestWaitAlertSeconds: row.longest_wait_alert_seconds === null ? null : Number(row.longest_wait_alert_seconds),
    serviceLevelAlertPercent: row.service_level_alert_percent === null ? null : Number(row.service_level_alert_percent),
  };
}

export async function putWallboardSettings(db: Db, tenantId: string, s: WallboardSettings, now: Date): Promise<WallboardSettings> {
  const values = {
    target_seconds: s.targetSeconds,
    service_level_goal_percent: s.serviceLevelGoalPercent,
    longest_wait_alert_seconds: s.longestWaitAlertSeconds,
    service_level_alert_percent: s.serviceLevelAlertPercent,
    updated_at: now.toISOString(),
  };
  await tables(db)
    .insertInto('wallboard_settings')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
  return getWallboardSettings(db, tenantId);
}

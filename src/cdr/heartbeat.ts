/**
 * The platform's heartbeat: a row the running process rewrites every few seconds. After a crash
 * its last value is the latest instant the process is known to have been alive, so a call that
 * was up then is charged up to there and no further (never for time nobody can prove was talked).
 */
import type { Kysely } from 'kysely';
import { toDbTimestamp } from '../db/conventions.ts';

export type HeartbeatTable = { platform_heartbeats: { node: string; beat_at: string } };

type Db = Kysely<object>;
const tables = (db: Db) => db.withTables<HeartbeatTable>();

/** One node today; the key leaves room for several behind Kamailio. */
export const DEFAULT_NODE = 'main';

export async function beat(db: Db, at: Date, node = DEFAULT_NODE): Promise<void> {
  const beatAt = toDbTimestamp(at);
  await tables(db)
    .insertInto('platform_heartbeats')
    .values({ node, beat_at: beatAt })
    .onConflict((oc) => oc.column('node').doUpdateSet({ beat_at: beatAt }))
    .execute();
}

export async function lastBeat(db: Db, node = DEFAULT_NODE): Promise<Date | undefined> {
  const row = await tables(db).selectFrom('platform_heartbeats').select('beat_at').where('node', '=', node).executeTakeFirst();
  return row ? new Date(row.beat_at) : undefined;
}

export interface HeartbeatOptions {
  /** Wall-clock ms (injectable). */
  now(): number;
  intervalMs?: number;
  onError?(err: unknown): void;
  node?: string;
}

/** Beats now and then every `intervalMs` (default 2 s) until stopped. */
export async function startHeartbeat(db: Db, opts: HeartbeatOptions): Promise<{ stop(): void }> {
  const node = opts.node ?? DEFAULT_NODE;
  await beat(db, new Date(opts.now()), node);
  const timer = setInterval(() => {
    beat(db, new Date(opts.now()), node).catch((err: unknown) => opts.onError?.(err));
  }, opts.intervalMs ?? 2000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

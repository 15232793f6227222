/**
 * Every agent state transition, stored with its cause and time: the audit trail, the source of
 * agent reports, and what a restart rebuilds agents from (their last stored status). Written in
 * batches off the engine's path (`TransitionLogWriter`), in the order the engine made them.
 */
import type { Kysely } from 'kysely';
import { newId } from '../db/conventions.ts';
import type { AgentStateChanged } from './acd-events.ts';
import type { AcdTables } from './acd-tables.ts';
import { AGENT_STATES, type AgentState, type AgentStatus } from './agent-state.ts';

type Db = Kysely<object>;
type Row = AcdTables['acd_agent_transitions'];
const tables = (db: Db) => db.withTables<AcdTables>();

export interface StoredTransition {
  userId: string;
  previous: AgentState;
  state: AgentState;
  reason: string | null;
  cause: string;
  token: string | null;
  callId: string | null;
  queueId: string | null;
  at: string;
}

function toTransition(r: Row): StoredTransition {
  return { userId: r.user_id, previous: r.previous as AgentState, state: r.state as AgentState, reason: r.reason, cause: r.cause, token: r.token, callId: r.call_id, queueId: r.queue_id, at: r.at };
}

export async function appendAgentTransitions(db: Db, events: readonly (AgentStateChanged & { seq: number })[]): Promise<void> {
  if (events.length === 0) return;
  const rows: Row[] = events.map((e) => ({
    id: newId(),
    tenant_id: e.tenantId,
    user_id: e.userId,
    seq: e.seq,
    previous: e.previous,
    state: e.state,
    reason: e.reason ?? null,
    cause: e.cause,
    token: e.token ?? null,
    call_id: e.callId ?? null,
    queue_id: e.queueId ?? null,
    at: e.at,
  }));
  // Batches of 100 keep every statement under SQLite's and PostgreSQL's parameter limits.
  for (let i = 0; i < rows.length; i += 100) await tables(db).insertInto('acd_agent_transitions').values(rows.slice(i, i + 100)).execute();
}

/** One agent's transitions in a time range, oldest first. */
export async function listAgentTransitions(db: Db, tenantId: string, userId: string, range: { from?: string; to?: string; limit?: number } = {}): Promise<StoredTransition[]> {
  let q = tables(db).selectFrom('acd_agent_transitions').selectAll().where('tenant_id', '=', tenantId).where('user_id', '=', userId);
  if (range.from !== undefined) q = q.where('at', '>=', range.from);
  if (range.to !== undefined) q = q.where('at', '<', range.to);
  return (await q.orderBy('at').orderBy('seq').limit(range.limit ?? 1000).execute()).map(toTransition);
}

/** Each agent's last stored status (the restore after a restart). */
export async function lastAgentStatuses(db: Db): Promise<{ tenantId: string; userId: string; status: AgentStatus; at: string }[]> {
  const rows = await tables(db).selectFrom('acd_agent_transitions').selectAll().orderBy('tenant_id').orderBy('user_id').orderBy('at').orderBy('seq').execute();
  const last = new Map<string, Row>();
  for (const r of rows) last.set(`${r.tenant_id}\u0000${r.user_id}`, r);
  return [...last.values()].flatMap((r) => {
    const status = toStatus(r);
    return status ? [{ tenantId: r.tenant_id, userId: r.user_id, status, at: r.at }] : [];
  });
}

function toStatus(r: Row): AgentStatus | undefined {
  const state = r.state as AgentState;
  if (!AGENT_STATES.includes(state)) return undefined;
  if (state === 'not_ready') return { state, reason: r.reason ?? 'restart' };
  if (state === 'reserved' || state === 'ringing' || state === 'talking' || state === 'held') return { state, token: r.token ?? '' };
  return { state };
}

/**
 * Queues transitions as the engine makes them and writes them in order, one batch at a time; a
 * failed write is reported and retried with the next batch (nothing is dropped while the process lives).
 */
export class TransitionLogWriter {
  #pending: (AgentStateChanged & { seq: number })[] = [];
  #writing: Promise<void> | undefined;
  #seq = 0;

  constructor(
    private readonly db: Db,
    private readonly onError: (err: unknown) => void,
  ) {}

  push(event: AgentStateChanged): void {
    this.#pending.push({ ...event, seq: ++this.#seq });
    this.#writing ??= this.#drain();
  }

  /** Resolves when everything pushed so far is written (or failed and re-queued). */
  async flush(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  async #drain(): Promise<void> {
    await Promise.resolve();
    while (this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      try {
        await appendAgentTransitions(this.db, batch);
      } catch (err) {
        this.onError(err);
        this.#pending = [...batch, ...this.#pending];
        break;
      }
    }
    this.#writing = undefined;
  }
}

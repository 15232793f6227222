/**
 * Sampling calls for review (C19): each rule kind picks, among the answered, recorded calls that
 * ended in a period, calls that have no review yet; running the tenant's enabled rules queues a
 * review for each call picked. A rule may be scoped to one group (ACD queue, or 400 number) and/or
 * one agent. Kinds are a registry: a new rule is one entry (its parameter check and its pick).
 *
 * - `short_calls` — every call that talked less than `maxTalkSeconds` (a hang-up at once often hides a problem);
 * - `percent_per_agent` — `percent` % of each agent's calls (rounded up), picked at random; the
 *   calls this rule already queued in the period count, so running it again (the schedule does,
 *   every few minutes) only tops the share up instead of sampling each run's few calls anew;
 * - `low_survey` — every call whose caller's survey score (C5, stored by the queue driver) is at most `maxScore`.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { callRecordTables } from '../cdr/call-record-store.ts';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { agentResolver, groupOfCall } from './call-agent.ts';
import { queueReview } from './qa-review-store.ts';
import type { QaTables } from './qa-tables.ts';
import { QualityError } from './quality-error.ts';

export type RuleParams = Record<string, number>;

interface Candidate {
  id: string;
  /** The agent's user id, else who answered as the record says. */
  agent: string;
  agentUserId: string | null;
  group: string;
  talkSeconds: number;
  surveyScore: number | null;
  /** The call already has a review (never queued again). */
  reviewed: boolean;
  /** The sampling rule that queued its review, if one did. */
  sampledBy: string | null;
}

interface RuleKind {
  /** The parameters' names and ranges. */
  params: Record<string, { min: number; max: number }>;
  /** Ids of calls to queue, among those not `reviewed`. */
  pick(calls: readonly Candidate[], params: RuleParams, random: () => number, ruleId: string): string[];
}

const unreviewed = (calls: readonly Candidate[]) => calls.filter((c) => !c.reviewed);

export const SAMPLING_RULES: Record<string, RuleKind> = {
  short_calls: {
    params: { maxTalkSeconds: { min: 1, max: 3600 } },
    pick: (calls, p) => unreviewed(calls).filter((c) => c.talkSeconds < p.maxTalkSeconds!).map((c) => c.id),
  },
  percent_per_agent: {
    params: { percent: { min: 1, max: 100 } },
    pick: (calls, p, random, ruleId) => {
      const byAgent = new Map<string, Candidate[]>();
      for (const c of calls) byAgent.set(c.agent, [...(byAgent.get(c.agent) ?? []), c]);
      const picked: string[] = [];
      for (const own of byAgent.values()) {
        const quota = Math.ceil((own.length * p.percent!) / 100) - own.filter((c) => c.sampledBy === ruleId).length;
        const deck = unreviewed(own);
        for (let i = 0; i < quota && deck.length > 0; i++) picked.push(deck.splice(Math.floor(random() * deck.length), 1)[0]!.id);
      }
      return picked;
    },
  },
  low_survey: {
    params: { maxScore: { min: 0, max: 10 } },
    pick: (calls, p) => unreviewed(calls).filter((c) => c.surveyScore !== null && c.surveyScore <= p.maxScore!).map((c) => c.id),
  },
};

export interface RuleScope {
  /** Only calls of this group (ACD queue id, or 400 number); null: every group. */
  queue: string | null;
  /** Only calls this agent answered; null: every agent. */
  agentUserId: string | null;
}

export interface RuleInput extends Partial<RuleScope> {
  kind: string;
  params: RuleParams;
  enabled?: boolean;
}

export interface SamplingRule extends RuleScope {
  id: string;
  kind: string;
  params: RuleParams;
  enabled: boolean;
  createdAt: string;
}

const tables = (db: Kysely<object>) => db.withTables<QaTables>();

export function checkRule(kind: string, params: RuleParams): void {
  const k = SAMPLING_RULES[kind];
  if (!k) throw new QualityError('INVALID_RULE', `unknown rule kind ${kind}; one of ${Object.keys(SAMPLING_RULES).join(', ')}`);
  for (const [name, range] of Object.entries(k.params)) {
    const v = params[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < range.min || v > range.max) throw new QualityError('INVALID_RULE', `${kind}: ${name} must be ${range.min}-${range.max}`);
  }
  for (const name of Object.keys(params)) if (!(name in k.params)) throw new QualityError('INVALID_RULE', `${kind} takes no ${name}`);
}

function toRule(r: QaTables['qa_sampling_rules']): SamplingRule {
  return { id: r.id, kind: r.kind, params: JSON.parse(r.params) as RuleParams, enabled: Number(r.enabled) === 1, queue: r.queue, agentUserId: r.agent_user_id, createdAt: r.created_at };
}

export async function createRule(db: Kysely<object>, tenantId: string, input: RuleInput, by: string, at: Date): Promise<SamplingRule> {
  checkRule(input.kind, input.params);
  const row = { id: newId(), tenant_id: tenantId, kind: input.kind, params: JSON.stringify(input.params), enabled: input.enabled === false ? 0 : 1, queue: input.queue ?? null, agent_user_id: input.agentUserId ?? null, created_at: toDbTimestamp(at), created_by: by };
  await tables(db).insertInto('qa_sampling_rules').values(row).execute();
  return toRule(row);
}

/** Changes a rule (its kind, parameters, scope, or switches it off); calls it already queued stay queued. */
export async function updateRule(db: Kysely<object>, tenantId: string, id: string, input: RuleInput): Promise<SamplingRule> {
  checkRule(input.kind, input.params);
  const res = await tables(db)
    .updateTable('qa_sampling_rules')
    .set({ kind: input.kind, params: JSON.stringify(input.params), enabled: input.enabled === false ? 0 : 1, queue: input.queue ?? null, agent_user_id: input.agentUserId ?? null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new QualityError('NOT_FOUND', 'No such sampling rule');
  return toRule((await tables(db).selectFrom('qa_sampling_rules').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
}

export async function listRules(db: Kysely<object>, tenantId: string): Promise<SamplingRule[]> {
  const rows = await tables(db).selectFrom('qa_sampling_rules').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toRule);
}

export async function deleteRule(db: Kysely<object>, tenantId: string, id: string): Promise<void> {
  const res = await tables(db).deleteFrom('qa_sampling_rules').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new QualityError('NOT_FOUND', 'No such sampling rule');
}

/** The answered, recorded calls that ended in the period, with their review (if any). */
async function candidates(db: Kysely<object>, tenantId: string, from: Date, to: Date): Promise<Candidate[]> {
  const rows = await callRecordTables(db)
    .selectFrom('call_records as r')
    .select(['r.id', 'r.answering_number', 'r.agent_user_id', 'r.queue_id', 'r.number_400', 'r.talk_seconds', 'r.survey_score'])
    .select([
      sql<number>`(select count(*) from qa_reviews q where q.call_id = r.id)`.as('reviews'),
      sql<string | null>`(select max(q.sampling_rule_id) from qa_reviews q where q.call_id = r.id)`.as('sampled_by'),
    ])
    .where('r.tenant_id', '=', tenantId)
    .where('r.ended_at', '>=', toDbTimestamp(from))
    .where('r.ended_at', '<', toDbTimestamp(to))
    .where('r.answered_at', 'is not', null)
    .where('r.recording_path', 'is not', null)
    .orderBy('r.ended_at')
    .orderBy('r.id')
    .execute();
  const agentOf = await agentResolver(db, tenantId);
  return rows.map((r) => {
    const agentUserId = agentOf(r.agent_user_id, r.answering_number);
    return {
      id: r.id,
      agent: agentUserId ?? r.answering_number ?? '',
      agentUserId,
      group: groupOfCall(r),
      talkSeconds: Number(r.talk_seconds),
      surveyScore: r.survey_score === null ? null : Number(r.survey_score),
      reviewed: Number(r.reviews) > 0,
      sampledBy: r.sampled_by,
    };
  });
}

const inScope = (rule: RuleScope) => (c: Candidate) => (rule.queue === null || c.group === rule.queue) && (rule.agentUserId === null || c.agentUserId === rule.agentUserId);

export interface RuleRun {
  ruleId: string;
  kind: string;
  queued: number;
}

/** Runs the tenant's enabled rules over the calls that ended in a period; returns how many calls each rule queued. */
export async function runSampling(db: Kysely<object>, tenantId: string, from: Date, to: Date, at: Date, random: () => number = Math.random): Promise<RuleRun[]> {
  const rules = (await listRules(db, tenantId)).filter((r) => r.enabled && SAMPLING_RULES[r.kind]);
  if (rules.length === 0) return [];
  const calls = await candidates(db, tenantId, from, to);
  const out: RuleRun[] = [];
  for (const rule of rules) {
    let queued = 0;
    for (const callId of SAMPLING_RULES[rule.kind]!.pick(calls.filter(inScope(rule)), rule.params, random, rule.id)) {
      if (!(await queueReview(db, tenantId, callId, rule.kind, at, { ifAbsent: true, samplingRuleId: rule.id }))) continue;
      queued++;
      // Later rules of this run see it as reviewed (and the percentage rule as its own).
      const c = calls.find((x) => x.id === callId)!;
      c.reviewed = true;
      c.sampledBy = rule.id;
    }
    out.push({ ruleId: rule.id, kind: rule.kind, queued });
  }
  return out;
}

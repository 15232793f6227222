/**
 * The pure heart of routing: (number policy, caller, local time, call memory, strategy state) →
 * a dial plan or a refusal. No I/O; the router gathers the inputs and maps the plan to targets.
 *
 * Order: blocking (R6) → time plan (R3; closed → the closed plan) → caller region (R4) → the
 * default group → call memory (R14) puts the phone that last answered this caller first →
 * distribution (R2) → forwarding (R5) rides along for call control to execute. A group that is a
 * queue ends the evaluation there: the ACD decides who answers.
 */
import type { CallerInfo } from '../phone/caller-info.ts';
import type { BoundPhone } from './bound-phone.ts';
import type { BlockRule } from './caller-block.ts';
import { blockVerdict } from './caller-block.ts';
import { orderPhones } from './distribution.ts';
import type { DistributionState } from './distribution-state.ts';
import type { LocalTime } from './local-time.ts';
import type { NumberPolicy, PhoneGroup } from './number-policy.ts';
import { answeringKey, phoneMatches } from './phone-ref.ts';
import { inAnyRegion } from './region-match.ts';
import { scheduleVerdict } from './time-plan.ts';

export interface PolicyInput {
  policy: NumberPolicy;
  /** The number's bound phones in their stored order. */
  phones: BoundPhone[];
  caller: CallerInfo;
  /** The caller's number as it arrived (anonymous detection). */
  rawCaller: string;
  now: LocalTime;
  /** The answering number (as call records keep it) of this caller's last answered call within the memory window. */
  lastAnsweredBy?: string | undefined;
  lastCallEnd: ReadonlyMap<string, number>;
  state: DistributionState;
  /** Key for stateful strategies (tenant + number). */
  key: string;
  defaultRingTimeoutMs: number;
}

export interface ForwardingPlan {
  onBusy: string[];
  onNoAnswer: string[];
  maxForwards: number;
  ringTimeoutMs: number;
}

export type PolicyDecision =
  | { kind: 'refuse'; outcome: 'blocked'; status: number; reason: string; rule: BlockRule }
  | { kind: 'refuse'; outcome: 'closed'; status: number; reason: string; rule: 'holiday' | 'outside-hours' }
  /** The chosen group is a queue (C9: a time plan or region rule sends the call to a queue). */
  | { kind: 'queue'; group: string; queue: string }
  | {
      kind: 'dial';
      /** The group used: a name, or 'default'. */
      group: string;
      phones: BoundPhone[];
      strategy: 'sequential' | 'simultaneous';
      ringTimeoutMs: number;
      forwarding?: ForwardingPlan;
      memoryHit: boolean;
    };

/** R5: "at most 3 forwards per call". */
export const MAX_FORWARDS = 3;

export function evaluatePolicy(input: PolicyInput): PolicyDecision {
  const { policy } = input;
  const block = blockVerdict(policy, input.caller, input.rawCaller);
  if (block) return { kind: 'refuse', outcome: 'blocked', status: block.status, reason: block.reason, rule: block.rule };

  let groupName: string | undefined;
  if (policy.schedule) {
    const v = scheduleVerdict(policy.schedule, input.now);
    if (v.kind === 'closed') {
      const closed = policy.schedule.closed;
      if (!('group' in closed)) return { kind: 'refuse', outcome: 'closed', status: 480, reason: closed.reason ?? 'Closed', rule: v.dayKind };
      groupName = closed.group;
    } else {
      groupName = v.group;
    }
  }
  groupName ??= policy.regionRules?.find((r) => inAnyRegion(r.regions, input.caller))?.group;
  const group: PhoneGroup = (groupName !== undefined ? policy.groups?.[groupName] : undefined) ?? policy.default ?? {};
  // The queue's engine chooses the agent (its own strategy, call memory and region rules).
  if (group.queue !== undefined) return { kind: 'queue', group: groupName ?? 'default', queue: group.queue };
  const members = groupPhones(group, input.phones);

  const ordered = orderPhones({
    distribution: group.distribution ?? { strategy: 'top-down' },
    phones: members,
    key: `${input.key}/${groupName ?? 'default'}`,
    state: input.state,
    lastCallEnd: input.lastCallEnd,
  });
  let { phones, strategy } = ordered;
  // R14: the phone that last answered this caller rings first (alone, then the others).
  const remembered = policy.memory && input.lastAnsweredBy !== undefined ? phones.find((p) => answeringKey(p) === input.lastAnsweredBy) : undefined;
  if (remembered) {
    phones = [remembered, ...phones.filter((p) => p !== remembered)];
    strategy = 'sequential';
  }
  const decision: PolicyDecision = {
    kind: 'dial',
    group: groupName ?? 'default',
    phones,
    strategy,
    ringTimeoutMs: group.ringTimeoutSeconds !== undefined ? group.ringTimeoutSeconds * 1000 : input.defaultRingTimeoutMs,
    memoryHit: remembered !== undefined,
  };
  const f = policy.forwarding;
  if (f && ((f.onBusy?.length ?? 0) > 0 || (f.onNoAnswer?.length ?? 0) > 0)) {
    decision.forwarding = {
      onBusy: f.onBusy ?? [],
      onNoAnswer: f.onNoAnswer ?? [],
      maxForwards: Math.min(MAX_FORWARDS, f.maxForwards ?? MAX_FORWARDS),
      ringTimeoutMs: f.ringTimeoutSeconds !== undefined ? f.ringTimeoutSeconds * 1000 : input.defaultRingTimeoutMs,
    };
  }
  return decision;
}

/** A group's phones in the group's order; absent list: every bound phone; unknown refs are skipped. */
function groupPhones(group: PhoneGroup, bound: BoundPhone[]): BoundPhone[] {
  if (!group.phones) return bound;
  const out: BoundPhone[] = [];
  for (const ref of group.phones) {
    const p = bound.find((b) => phoneMatches(ref, b));
    if (p && !out.includes(p)) out.push(p);
  }
  return out;
}

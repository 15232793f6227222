/**
 * The ACD's data as the engine holds it in memory: queues and their settings, agents (users with the
 * agent role) with their phone, skills and memberships. Storage (acd-store.ts) reads and writes the
 * same shapes; the engine is handed them by its loader and never touches the database itself.
 */

/** Where an agent takes calls: a registered SIP phone, the browser softphone, or their own mobile through the trunk. */
export type AgentPhone = { kind: 'sip'; username: string } | { kind: 'browser'; username: string } | { kind: 'mobile'; number: string };

/** How a queue picks among the agents free to take a call (strategies/). */
export const STRATEGY_NAMES = [
  'longest_idle',
  'ring_all',
  'round_robin',
  'top_down',
  'fewest_calls',
  'least_talk_time',
  'random',
  'weighted_random',
  'ring_progressively',
  'best_skill',
] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

/** After a call of this queue: back to ready at once, after `wrapUpSeconds`, or when the agent says so. */
export const WRAP_UP_MODES = ['none', 'timed', 'manual'] as const;
export type WrapUpMode = (typeof WRAP_UP_MODES)[number];

/** Where a call goes when the queue gives up on it (timeout, nobody logged in). */
export type OverflowTarget =
  | { kind: 'voicemail' }
  | { kind: 'queue'; queueId: string }
  | { kind: 'number'; number: string }
  | { kind: 'callback' }
  | { kind: 'hangup' };

/**
 * One step of expanding (bullseye) routing: for the first `untilSeconds` of the wait only agents
 * with at least `minProficiency` in the queue's skill are offered the call; the last step may have
 * `untilSeconds: null` (never expires). After every step expired, any member may take the call.
 */
export interface BullseyeStep {
  minProficiency: number;
  untilSeconds: number | null;
}

export interface QueueSettings {
  id: string;
  tenantId: string;
  name: string;
  strategy: StrategyName;
  /** How long one agent's phone rings before the next agent is tried (C11). */
  ringSeconds: number;
  /** Longest wait before the call overflows (C4); null: never. */
  maxWaitSeconds: number | null;
  overflow: OverflowTarget;
  /** Overflow at once when no member agent is logged in. */
  overflowWhenNoAgents: boolean;
  wrapUpMode: WrapUpMode;
  /** For `timed` wrap-up. */
  wrapUpSeconds: number;
  /** The tenant's prompt played as music while waiting; null: the shipped music. */
  musicPromptId: string | null;
  /** Position/estimated-wait announcements every N seconds; 0: none. */
  announceEverySeconds: number;
  /** The caller hears "X号话务员为您服务" before being connected (C6). */
  announceAgentId: boolean;
  /** A 1–5 satisfaction survey after the agent hangs up (C5). */
  surveyEnabled: boolean;
  /** The DTMF key that asks for a callback while waiting; null: no callback offered. */
  callbackKey: string | null;
  /** The skill this queue asks for (bullseye and best_skill use it); null: none. */
  skillId: string | null;
  bullseye: BullseyeStep[];
  /** After this many offers in a row not answered, the agent is made not ready. */
  maxMissedOffers: number;
  /** A repeat caller goes first to the agent who last served them within this window (R14/C12); 0: off. */
  stickyWindowSeconds: number;
  /** How long a repeat caller waits for their last agent when that agent is busy. */
  stickyWaitSeconds: number;
  /** Prefer agents who serve the caller's region (C12). */
  regionPreference: boolean;
  /** ring_progressively: another agent is added every N seconds. */
  progressiveStepSeconds: number;
}

/** Defaults for everything a new queue does not say. */
export const QUEUE_DEFAULTS: Omit<QueueSettings, 'id' | 'tenantId' | 'name'> = {
  strategy: 'longest_idle',
  ringSeconds: 20,
  maxWaitSeconds: 300,
  overflow: { kind: 'voicemail' },
  overflowWhenNoAgents: true,
  wrapUpMode: 'timed',
  wrapUpSeconds: 15,
  musicPromptId: null,
  announceEverySeconds: 30,
  announceAgentId: true,
  surveyEnabled: false,
  callbackKey: null,
  skillId: null,
  bullseye: [],
  maxMissedOffers: 3,
  stickyWindowSeconds: 0,
  stickyWaitSeconds: 15,
  regionPreference: false,
  progressiveStepSeconds: 10,
};

/**
 * An agent's place in one queue. `tier`: escalation tiers (tier 1 first; a higher tier is used only
 * when no lower-tier member is free); `level`: the order inside a tier (top_down); `weight`:
 * weighted_random's share. Routing profile: `priority` (1 first) is which of the agent's queues they
 * serve first, `delaySeconds` how long a call of this queue must have waited before it is offered
 * to this agent.
 */
export interface Membership {
  queueId: string;
  userId: string;
  tier: number;
  level: number;
  weight: number;
  priority: number;
  delaySeconds: number;
}

export const MEMBERSHIP_DEFAULTS: Omit<Membership, 'queueId' | 'userId'> = { tier: 1, level: 1, weight: 1, priority: 1, delaySeconds: 0 };

/** An agent as the ACD sees them. */
export interface AgentProfile {
  tenantId: string;
  userId: string;
  /** 工号, announced to the caller. */
  agentId: string;
  displayName: string;
  phone: AgentPhone;
  /** Skill id → proficiency 1–5. */
  skills: ReadonlyMap<string, number>;
  /** Regions (provinces) the agent serves best (C12). */
  regions: readonly string[];
}

export interface Skill {
  id: string;
  tenantId: string;
  name: string;
}

/** A reason an agent may give for not being ready (the tenant's own list: 小休, 会议, 培训 …). */
export interface NotReadyReason {
  id: string;
  tenantId: string;
  /** Short code, unique in the tenant (`break`, `meeting` …). */
  code: string;
  name: string;
}

/** A new tenant's list until its admin changes it. */
export const DEFAULT_NOT_READY_REASONS: readonly { code: string; name: string }[] = [
  { code: 'break', name: '小休' },
  { code: 'meal', name: '用餐' },
  { code: 'meeting', name: '会议' },
  { code: 'training', name: '培训' },
];

/** Reasons the platform itself gives (not in any tenant's list). */
export const SYSTEM_NOT_READY_REASONS = ['missed_offers', 'registration_lost', 'desk_closed', 'restart', 'logged_in'] as const;

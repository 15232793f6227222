/** The ACD's API shapes (queues, memberships, agents), shared by the acd route files. */
import { STRATEGY_NAMES, WRAP_UP_MODES } from '../acd/acd-model.ts';
import { AGENT_STATES } from '../acd/agent-state.ts';
import { Id, Timestamp, Type } from './schema.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const lit = <const T extends readonly string[]>(xs: T) => Type.Enum(xs as unknown as T[number][]);

export const Strategy = lit(STRATEGY_NAMES);
export const AgentStateName = lit(AGENT_STATES);

export const OverflowTarget = Type.Union([
  Type.Object({ kind: Type.Literal('voicemail') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('queue'), queueId: Id }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('number'), number: Type.String({ minLength: 3, maxLength: 32 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('callback') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('hangup') }, { additionalProperties: false }),
]);

export const AgentPhone = Type.Union([
  Type.Object({ kind: Type.Literal('sip'), username: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('browser'), username: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('mobile'), number: Type.String({ minLength: 3, maxLength: 32 }) }, { additionalProperties: false }),
]);

const BullseyeStep = Type.Object(
  { minProficiency: Type.Integer({ minimum: 1, maximum: 5 }), untilSeconds: Nullable(Type.Integer({ minimum: 1, maximum: 86_400 })) },
  { additionalProperties: false },
);

/** Every queue setting (docs/acd.md); in a body each is optional but the name on creation. */
const settingFields = {
  strategy: Strategy,
  ringSeconds: Type.Integer({ minimum: 5, maximum: 300, description: 'One agent rings this long before the next is tried' }),
  maxWaitSeconds: Nullable(Type.Integer({ minimum: 10, maximum: 86_400, description: 'Longest wait before overflow; null: never' })),
  overflow: OverflowTarget,
  overflowWhenNoAgents: Type.Boolean({ description: 'Overflow at once when no member is logged in' }),
  wrapUpMode: lit(WRAP_UP_MODES),
  wrapUpSeconds: Type.Integer({ minimum: 0, maximum: 3600 }),
  musicPromptId: Nullable(Id),
  announceEverySeconds: Type.Integer({ minimum: 0, maximum: 600, description: '0: no position announcements; else 10–600' }),
  announceAgentId: Type.Boolean({ description: 'X号话务员为您服务 before connecting (C6)' }),
  surveyEnabled: Type.Boolean({ description: 'A 1–5 satisfaction survey after the agent hangs up (C5)' }),
  callbackKey: Nullable(Type.String({ minLength: 1, maxLength: 1, pattern: '^[0-9*#]$' })),
  skillId: Nullable(Id),
  bullseye: Type.Array(BullseyeStep, { maxItems: 10 }),
  maxMissedOffers: Type.Integer({ minimum: 1, maximum: 20 }),
  stickyWindowSeconds: Type.Integer({ minimum: 0, maximum: 2_592_000, description: 'Call memory (R14/C12): 0 off' }),
  stickyWaitSeconds: Type.Integer({ minimum: 0, maximum: 300 }),
  regionPreference: Type.Boolean(),
  progressiveStepSeconds: Type.Integer({ minimum: 1, maximum: 120 }),
};

export const QueueView = Type.Object({ id: Id, name: Type.String({ maxLength: 64 }), ...settingFields }, { additionalProperties: false });
export const QueueCreate = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 64 }), ...Object.fromEntries(Object.entries(settingFields).map(([k, v]) => [k, Type.Optional(v)])) } as { name: ReturnType<typeof Type.String> } & { [K in keyof typeof settingFields]: ReturnType<typeof Type.Optional<(typeof settingFields)[K]>> },
  { additionalProperties: false },
);
export const QueueChange = Type.Partial(QueueCreate, { additionalProperties: false });

const membershipFields = {
  tier: Type.Integer({ minimum: 1, maximum: 9, description: 'Escalation tier: 1 first' }),
  level: Type.Integer({ minimum: 1, maximum: 999, description: 'Order inside the tier (top_down)' }),
  weight: Type.Integer({ minimum: 0, maximum: 100, description: 'weighted_random share' }),
  priority: Type.Integer({ minimum: 1, maximum: 9, description: 'Routing profile: which of the agent’s queues first (1)' }),
  delaySeconds: Type.Integer({ minimum: 0, maximum: 3600, description: 'Routing profile: calls of this queue reach the agent after waiting this long' }),
};
export const MembershipView = Type.Object({ queueId: Id, userId: Id, ...membershipFields }, { additionalProperties: false });
export const MembershipBody = Type.Partial(Type.Object(membershipFields, { additionalProperties: false }), { additionalProperties: false });

export const AgentStatusView = Type.Object(
  { state: AgentStateName, reason: Type.Optional(Type.String({ maxLength: 32 })), token: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);

export const AgentView = Type.Object(
  {
    id: Id,
    agentId: Type.String({ maxLength: 64 }),
    displayName: Type.String({ maxLength: 200 }),
    phone: AgentPhone,
    status: AgentStatusView,
    since: Timestamp,
    missedOffers: Type.Integer(),
    callsAnswered: Type.Integer(),
    talkTimeSeconds: Type.Integer(),
    queueIds: Type.Array(Id),
    wrapUpEndsAt: Type.Union([Timestamp, Type.Null()], { description: 'in a timed wrap-up (话后整理): when it ends — the desk counts down to it; else null' }),
  },
  { additionalProperties: false },
);

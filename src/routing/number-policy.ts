/**
 * A 400 number's routing policy (R2–R6, R14) as data: JSON-able, stored per number, edited through
 * the API and `hotline import`. One TypeBox schema is validation, TypeScript type and OpenAPI;
 * `validatePolicy` adds the checks a schema cannot state (group references, weights summing to
 * 100, windows that end after they start). docs/routing.md explains the semantics.
 */
import { Type } from 'typebox';
import type { Static } from 'typebox';
import { Compile } from 'typebox/compile';

const Name = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_\\-\\u4e00-\\u9fff]+$' });
/** A bound phone as stored (`+8613800138000`, a SIP username) or a mobile/landline in national form. */
const PhoneRef = Type.String({ minLength: 1, maxLength: 64 });
const ForwardNumber = Type.String({ minLength: 3, maxLength: 32, pattern: '^\\+?[0-9]+$', description: 'A PSTN number, national (13800138000, 01012345678) or E.164' });
const Weekday = Type.Union([Type.Literal('mon'), Type.Literal('tue'), Type.Literal('wed'), Type.Literal('thu'), Type.Literal('fri'), Type.Literal('sat'), Type.Literal('sun')]);
const DayRef = Type.Union([Weekday, Type.Literal('holiday')]);
const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$', maxLength: 5, description: 'HH:MM in the tenant’s zone' });

export const DistributionSchema = Type.Union([
  Type.Object({ strategy: Type.Literal('top-down') }, { additionalProperties: false }),
  Type.Object({ strategy: Type.Literal('round-robin') }, { additionalProperties: false }),
  Type.Object({ strategy: Type.Literal('simultaneous') }, { additionalProperties: false }),
  Type.Object({ strategy: Type.Literal('longest-idle') }, { additionalProperties: false }),
  Type.Object(
    {
      strategy: Type.Literal('percentage'),
      weights: Type.Array(Type.Object({ phone: PhoneRef, percent: Type.Integer({ minimum: 1, maximum: 100 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 20 }),
    },
    { additionalProperties: false },
  ),
]);

/** A queue of the tenant's ACD (its id or its name); a group with one sends its calls to that queue. */
export const QueueRef = Type.String({ minLength: 1, maxLength: 64, description: 'A queue of the tenant (its id or name): the call waits there for an agent' });

export const PhoneGroupSchema = Type.Object(
  {
    queue: Type.Optional(QueueRef),
    phones: Type.Optional(Type.Array(PhoneRef, { maxItems: 20, description: 'Bound phones in this group, in order; absent: all bound phones' })),
    distribution: Type.Optional(DistributionSchema),
    ringTimeoutSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 120 })),
  },
  { additionalProperties: false },
);

const RegionRef = Type.Object(
  { province: Type.String({ minLength: 1, maxLength: 20 }), city: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })) },
  { additionalProperties: false },
);

const TimeWindow = Type.Object(
  { days: Type.Array(DayRef, { minItems: 1, maxItems: 8 }), from: Clock, to: Clock, group: Type.Optional(Name) },
  { additionalProperties: false },
);

const ClosedAction = Type.Union([
  Type.Object({ group: Name }, { additionalProperties: false }),
  Type.Object({ refuse: Type.Literal(true), reason: Type.Optional(Type.String({ minLength: 1, maxLength: 60, pattern: '^[ -~]+$' })) }, { additionalProperties: false }),
]);

export const NumberPolicySchema = Type.Object(
  {
    groups: Type.Optional(Type.Record(Name, PhoneGroupSchema, { maxProperties: 20 })),
    default: Type.Optional(PhoneGroupSchema),
    schedule: Type.Optional(
      Type.Object(
        {
          windows: Type.Array(TimeWindow, { maxItems: 50 }),
          holidays: Type.Optional(Type.Union([Type.Literal('cn'), Type.Literal('none')])),
          adjustedWorkdayAs: Type.Optional(Weekday),
          closed: ClosedAction,
        },
        { additionalProperties: false },
      ),
    ),
    regionRules: Type.Optional(
      Type.Array(
        Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })), regions: Type.Array(RegionRef, { minItems: 1, maxItems: 100 }), group: Name }, { additionalProperties: false }),
        { maxItems: 50 },
      ),
    ),
    blocking: Type.Optional(
      Type.Object(
        {
          regions: Type.Optional(Type.Object({ mode: Type.Union([Type.Literal('allow'), Type.Literal('deny')]), regions: Type.Array(RegionRef, { maxItems: 100 }) }, { additionalProperties: false })),
          numbers: Type.Optional(Type.Array(ForwardNumber, { maxItems: 1000 })),
          prefixes: Type.Optional(Type.Array(Type.String({ minLength: 2, maxLength: 16, pattern: '^\\+?[0-9]+$' }), { maxItems: 1000 })),
          areaCodes: Type.Optional(Type.Array(Type.String({ minLength: 3, maxLength: 5, pattern: '^0[0-9]{2,3}$' }), { maxItems: 400 })),
          anonymous: Type.Optional(Type.Boolean({ description: 'true: refuse callers without a number' })),
          status: Type.Optional(Type.Union([Type.Literal(603), Type.Literal(403)])),
        },
        { additionalProperties: false },
      ),
    ),
    forwarding: Type.Optional(
      Type.Object(
        {
          onBusy: Type.Optional(Type.Array(ForwardNumber, { maxItems: 2 })),
          onNoAnswer: Type.Optional(Type.Array(ForwardNumber, { maxItems: 2 })),
          maxForwards: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
          ringTimeoutSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 120 })),
        },
        { additionalProperties: false },
      ),
    ),
    memory: Type.Optional(Type.Object({ days: Type.Integer({ minimum: 1, maximum: 365 }) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export type NumberPolicy = Static<typeof NumberPolicySchema>;
export type PhoneGroup = Static<typeof PhoneGroupSchema>;
export type Distribution = Static<typeof DistributionSchema>;
export type RegionRefValue = Static<typeof RegionRef>;
export type WeekdayName = Static<typeof Weekday>;

export class PolicyError extends Error {
  readonly statusCode = 422;
  constructor(
    readonly code: 'INVALID_POLICY',
    message: string,
    readonly details: { problems: string[] },
  ) {
    super(message);
  }
}

const compiled = Compile(NumberPolicySchema);

/**
 * Checks a policy from outside (API body, import file); throws PolicyError listing every problem.
 * `queues`: the tenant's queues (ids and names) a group may send calls to; absent: none.
 */
export function validatePolicy(input: unknown, queues: ReadonlySet<string> = new Set()): NumberPolicy {
  if (!compiled.Check(input)) {
    const problems = [...compiled.Errors(input)].slice(0, 20).map((e) => `${e.instancePath || '/'}: ${e.message}`);
    throw new PolicyError('INVALID_POLICY', `routing policy is not valid: ${problems[0] ?? 'schema'}`, { problems });
  }
  const policy = input as NumberPolicy;
  const problems = semanticProblems(policy, queues);
  if (problems.length > 0) throw new PolicyError('INVALID_POLICY', `routing policy is not valid: ${problems[0]}`, { problems });
  return policy;
}

function semanticProblems(p: NumberPolicy, queues: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const groups = new Set(Object.keys(p.groups ?? {}));
  const needGroup = (name: string | undefined, where: string) => {
    if (name !== undefined && !groups.has(name)) problems.push(`${where}: no group named '${name}'`);
  };
  for (const [name, g] of Object.entries(p.groups ?? {})) problems.push(...groupProblems(g, `/groups/${name}`, queues));
  if (p.default) problems.push(...groupProblems(p.default, '/default', queues));
  p.schedule?.windows.forEach((w, i) => {
    if (minutesOf(w.to) <= minutesOf(w.from)) problems.push(`/schedule/windows/${i}: 'to' must be after 'from'`);
    needGroup(w.group, `/schedule/windows/${i}`);
  });
  if (p.schedule && 'group' in p.schedule.closed) needGroup(p.schedule.closed.group, '/schedule/closed');
  p.regionRules?.forEach((r, i) => needGroup(r.group, `/regionRules/${i}`));
  return problems;
}

function groupProblems(g: PhoneGroup, where: string, queues: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (g.queue !== undefined) {
    // A queue group rings the queue's agents: phones and their strategy would be ignored.
    if (!queues.has(g.queue)) problems.push(`${where}/queue: no queue named '${g.queue}'`);
    if (g.phones || g.distribution || g.ringTimeoutSeconds !== undefined) problems.push(`${where}: a queue group has no phones, distribution or ring timeout (the queue has its own)`);
    return problems;
  }
  const d = g.distribution;
  if (d?.strategy !== 'percentage') return problems;
  const sum = d.weights.reduce((s, w) => s + w.percent, 0);
  if (sum !== 100) problems.push(`${where}/distribution: weights must sum to 100, got ${sum}`);
  const phones = new Set(d.weights.map((w) => w.phone));
  if (phones.size !== d.weights.length) problems.push(`${where}/distribution: a phone is weighted twice`);
  return problems;
}

/** `HH:MM` → minutes after midnight (`24:00` → 1440). */
export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

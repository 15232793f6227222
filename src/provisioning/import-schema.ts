/**
 * The provisioning file `hotline import` reads (YAML or JSON): trunks, tenants with their 400
 * numbers, bound phones, users and ACD (queues, skills, members, not-ready reasons). One schema is the truth for validation, types and the docs
 * (docs/provisioning.md).
 */
import { Type } from 'typebox';
import type { Static } from 'typebox';
import { NumberCapsSchema } from '../caps/number-caps.ts';

const Str = (max: number, pattern?: string) => Type.String({ minLength: 1, maxLength: max, ...(pattern ? { pattern } : {}) });

const TrunkSchema = Type.Object(
  {
    name: Str(64),
    addresses: Type.Array(Str(64), { minItems: 1, maxItems: 256 }),
    proxy: Type.Object(
      { host: Str(255), port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })), transport: Type.Optional(Type.Union([Type.Literal('udp'), Type.Literal('tcp')])) },
      { additionalProperties: false },
    ),
    maxConcurrentCalls: Type.Optional(Type.Integer({ minimum: 1 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const BoundPhoneSchema = Type.Union([
  Type.Object({ pstn: Str(32) }, { additionalProperties: false }),
  Type.Object({ sip: Str(64) }, { additionalProperties: false }),
]);

/** R11: who gets an SMS / e-mail when a call to the number goes unanswered (replaces the list). */
const MissedCallAlertsSchema = Type.Object(
  { mobiles: Type.Optional(Type.Array(Str(32), { maxItems: 10 })), emails: Type.Optional(Type.Array(Str(254), { maxItems: 10 })) },
  { additionalProperties: false },
);

const NumberSchema = Type.Object(
  {
    number: Str(32),
    boundPhones: Type.Optional(Type.Array(BoundPhoneSchema, { maxItems: 20 })),
    missedCallAlerts: Type.Optional(MissedCallAlertsSchema),
    // R2–R6, R14: checked against the routing policy schema when applied (src/routing/number-policy.ts, docs/routing.md).
    policy: Type.Optional(Type.Unknown({ description: 'Routing policy of the number (docs/routing.md); replaces the stored one' })),
    // R7, R9, R10, R13: checked against the flow schema when applied (src/flows/flow-schema.ts, docs/flows.md).
    flow: Type.Optional(Type.Unknown({ description: 'Pre-dial flow of the number (docs/flows.md); replaces the stored one' })),
    // R8 (docs/caps.md): replaces the stored caps; a kind left out is uncapped.
    caps: Type.Optional(NumberCapsSchema),
  },
  { additionalProperties: false },
);

const UserSchema = Type.Object(
  {
    username: Str(64),
    role: Type.Union([Type.Literal('tenant_admin'), Type.Literal('supervisor'), Type.Literal('agent'), Type.Literal('qa_reviewer')]),
    displayName: Type.Optional(Str(100)),
    password: Type.Optional(Str(200)),
    agentId: Type.Optional(Str(32)),
    sip: Type.Optional(Type.Object({ username: Str(64), password: Str(200) }, { additionalProperties: false })),
    boundNumber: Type.Optional(Str(32)),
  },
  { additionalProperties: false },
);

const MembershipFields = {
  tier: Type.Optional(Type.Integer({ minimum: 1, maximum: 9 })),
  level: Type.Optional(Type.Integer({ minimum: 1, maximum: 999 })),
  weight: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 9 })),
  delaySeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600 })),
};

/**
 * A queue (docs/acd.md), found again by its name. Other queues and skills are named, not given by
 * id; `members` (user names) replaces the queue's members. Settings are checked when applied.
 */
const QueueSchema = Type.Object(
  {
    name: Str(64),
    strategy: Type.Optional(Str(32)),
    ringSeconds: Type.Optional(Type.Integer()),
    maxWaitSeconds: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    overflow: Type.Optional(
      Type.Union([
        Type.Object({ kind: Type.Union([Type.Literal('voicemail'), Type.Literal('callback'), Type.Literal('hangup')]) }, { additionalProperties: false }),
        Type.Object({ kind: Type.Literal('queue'), queue: Str(64) }, { additionalProperties: false }),
        Type.Object({ kind: Type.Literal('number'), number: Str(32) }, { additionalProperties: false }),
      ]),
    ),
    overflowWhenNoAgents: Type.Optional(Type.Boolean()),
    wrapUpMode: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('timed'), Type.Literal('manual')])),
    wrapUpSeconds: Type.Optional(Type.Integer()),
    announceEverySeconds: Type.Optional(Type.Integer()),
    announceAgentId: Type.Optional(Type.Boolean()),
    surveyEnabled: Type.Optional(Type.Boolean()),
    callbackKey: Type.Optional(Type.Union([Str(1), Type.Null()])),
    skill: Type.Optional(Str(64)),
    bullseye: Type.Optional(Type.Array(Type.Object({ minProficiency: Type.Integer(), untilSeconds: Type.Union([Type.Integer(), Type.Null()]) }, { additionalProperties: false }), { maxItems: 10 })),
    maxMissedOffers: Type.Optional(Type.Integer()),
    stickyWindowSeconds: Type.Optional(Type.Integer()),
    stickyWaitSeconds: Type.Optional(Type.Integer()),
    regionPreference: Type.Optional(Type.Boolean()),
    progressiveStepSeconds: Type.Optional(Type.Integer()),
    members: Type.Optional(Type.Array(Type.Object({ username: Str(64), ...MembershipFields }, { additionalProperties: false }), { maxItems: 5000 })),
  },
  { additionalProperties: false },
);

/** The tenant's ACD: not-ready reasons, skills, queues and agents' skills (by user name). */
const AcdSchema = Type.Object(
  {
    notReadyReasons: Type.Optional(Type.Array(Type.Object({ code: Str(32), name: Str(32) }, { additionalProperties: false }), { minItems: 1, maxItems: 30 })),
    skills: Type.Optional(Type.Array(Str(64), { maxItems: 200 })),
    queues: Type.Optional(Type.Array(QueueSchema, { maxItems: 1000 })),
    agents: Type.Optional(
      Type.Array(
        Type.Object({ username: Str(64), skills: Type.Optional(Type.Array(Type.Object({ skill: Str(64), proficiency: Type.Integer() }, { additionalProperties: false }), { maxItems: 100 })) }, { additionalProperties: false }),
        { maxItems: 10000 },
      ),
    ),
  },
  { additionalProperties: false },
);

const DocumentSchema = Type.Object(
  { kind: Type.Union([Type.Literal('business_licence'), Type.Literal('handler_id')]), number: Str(64), file: Type.Optional(Str(500)), verified: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

const TenantSchema = Type.Object(
  {
    code: Str(64),
    name: Str(200),
    socialCreditCode: Type.Optional(Str(18)),
    contact: Type.Object({ name: Str(100), phone: Str(32), email: Type.Optional(Str(320)) }, { additionalProperties: false }),
    seats: Type.Optional(Type.Integer({ minimum: 0 })),
    timeZone: Type.Optional(Str(64)),
    documents: Type.Optional(Type.Array(DocumentSchema, { maxItems: 10 })),
    numbers: Type.Optional(Type.Array(NumberSchema, { maxItems: 1000 })),
    users: Type.Optional(Type.Array(UserSchema, { maxItems: 10000 })),
    acd: Type.Optional(AcdSchema),
  },
  { additionalProperties: false },
);

export const ImportFileSchema = Type.Object(
  {
    trunks: Type.Optional(Type.Array(TrunkSchema)),
    tenants: Type.Optional(Type.Array(TenantSchema)),
  },
  { additionalProperties: false },
);

export type ImportFile = Static<typeof ImportFileSchema>;
export type ImportTrunk = Static<typeof TrunkSchema>;
export type ImportTenant = Static<typeof TenantSchema>;
export type ImportAcd = Static<typeof AcdSchema>;

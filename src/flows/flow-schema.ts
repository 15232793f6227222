/**
 * A 400 number's pre-dial flow as data (R7 password, R9 ringback, R10 welcome + menu, R13
 * voicemail). Stored per number as JSON; `validateFlow` checks what the schema cannot state.
 * docs/flows.md explains the semantics.
 */
import { Type } from 'typebox';
import type { Static } from 'typebox';
import { Compile } from 'typebox/compile';

/** The shipped system prompts (src/media/tts/system-prompts.ts). */
const SystemPromptName = Type.Union([Type.Literal('welcome'), Type.Literal('invalid-key'), Type.Literal('goodbye'), Type.Literal('please-hold'), Type.Literal('enter-password'), Type.Literal('wrong-password'), Type.Literal('number-not-in-service'), Type.Literal('all-agents-busy'), Type.Literal('leave-message'), Type.Literal('thank-you')]);

/** What the caller hears: a shipped system prompt, a tenant audio file, or text to speech. */
export const PromptSchema = Type.Union([
  Type.Object({ system: SystemPromptName }, { additionalProperties: false }),
  Type.Object({ audio: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_.\\-/]+\\.(wav|alaw|ulaw|pcma|pcmu)$', description: 'A tenant audio file, relative to the data directory (no "..")' }) }, { additionalProperties: false }),
  Type.Object({ text: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
]);
export type Prompt = Static<typeof PromptSchema>;

/** A bound phone of the number, as routing names it: E.164/national number or SIP username. */
const PhoneRef = Type.String({ minLength: 1, maxLength: 64 });
const Key = Type.String({ pattern: '^[0-9*#]$', maxLength: 1 });

export const MenuSchema = Type.Object({
  prompt: Type.Optional(PromptSchema),
  /** Key → the phones to ring (a subset of the number's bound phones, in ring order), or a queue (its id or name) to wait in. */
  options: Type.Array(
    Type.Union([
      Type.Object({ key: Key, phones: Type.Array(PhoneRef, { minItems: 1, maxItems: 20 }) }, { additionalProperties: false }),
      Type.Object({ key: Key, queue: Type.String({ minLength: 1, maxLength: 64, description: 'A queue of the tenant (its id or name)' }) }, { additionalProperties: false }),
    ]),
    { minItems: 1, maxItems: 12 },
  ),
  /** Wait for a key after the prompt, ms. */
  timeoutMs: Type.Optional(Type.Integer({ minimum: 1000, maximum: 30000, description: 'default 5000' })),
  tries: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'default 3' })),
  /** No key / tries spent: ring these (absent: the number's own targets); 'hangup' ends the call. */
  fallback: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('hangup')])),
}, { additionalProperties: false });
export type Menu = Static<typeof MenuSchema>;

export const PasswordSchema = Type.Object({
  digits: Type.String({ pattern: '^[0-9]{1,16}$', maxLength: 16 }),
  tries: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'default 3' })),
  /** Time for the whole entry after the prompt, ms. */
  timeoutMs: Type.Optional(Type.Integer({ minimum: 2000, maximum: 60000, description: 'default 10000' })),
}, { additionalProperties: false });
export type Password = Static<typeof PasswordSchema>;

export const VoicemailSchema = Type.Object({
  enabled: Type.Boolean(),
  maxSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 300, description: 'default 60' })),
  prompt: Type.Optional(PromptSchema),
  /** Announce each message (R13): e-mail addresses / mobiles, through the notification outbox. */
  notify: Type.Optional(Type.Array(Type.Object({ channel: Type.Union([Type.Literal('sms'), Type.Literal('email')]), to: Type.String({ minLength: 3, maxLength: 200 }) }, { additionalProperties: false }), { maxItems: 10 })),
}, { additionalProperties: false });
export type Voicemail = Static<typeof VoicemailSchema>;

export const NumberFlowSchema = Type.Object({
  language: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')], { description: 'default zh-CN' })),
  welcome: Type.Optional(PromptSchema),
  password: Type.Optional(PasswordSchema),
  menu: Type.Optional(MenuSchema),
  /** R9 彩铃: what the caller hears while phones ring (absent: plain 180 Ringing). */
  ringback: Type.Optional(PromptSchema),
  voicemail: Type.Optional(VoicemailSchema),
}, { additionalProperties: false });
export type NumberFlow = Static<typeof NumberFlowSchema>;

const compiled = Compile(NumberFlowSchema);

export class FlowError extends Error {
  constructor(message: string, readonly problems: string[]) {
    super(message);
    this.name = 'FlowError';
  }
}

/**
 * The flow, or FlowError with every problem (schema and semantic: duplicate keys, '..' paths, a
 * menu key naming a queue that is not in `queues` — the tenant's queue ids and names; absent: none).
 */
export function validateFlow(input: unknown, queues: ReadonlySet<string> = new Set()): NumberFlow {
  if (!compiled.Check(input)) {
    const problems = [...compiled.Errors(input)].slice(0, 20).map((e) => `${e.instancePath || '/'}: ${e.message}`);
    throw new FlowError(`flow is not valid: ${problems[0] ?? 'schema'}`, problems);
  }
  const flow = input as NumberFlow;
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const o of flow.menu?.options ?? []) {
    if (keys.has(o.key)) problems.push(`/menu/options: key ${o.key} appears twice`);
    keys.add(o.key);
    if ('queue' in o && !queues.has(o.queue)) problems.push(`/menu/options: key ${o.key}: no queue named '${o.queue}'`);
  }
  for (const [where, p] of [['welcome', flow.welcome], ['ringback', flow.ringback], ['menu/prompt', flow.menu?.prompt], ['voicemail/prompt', flow.voicemail?.prompt]] as const) {
    // Tenant audio stays inside the data directory.
    if (p && 'audio' in p && (p.audio.split('/').includes('..') || p.audio.startsWith('/'))) problems.push(`/${where}/audio: must be a relative path without ".."`);
  }
  if (problems.length > 0) throw new FlowError(`flow is not valid: ${problems[0]}`, problems);
  return flow;
}

/**
 * A number's stored flow as the hooks call control runs: welcome → password → menu before
 * dialing (over early media, so nothing is charged before a phone answers), the tenant's ringback
 * while phones ring, and voicemail when nobody answered.
 */
import type { RecordingResult } from '../media/media-engine.ts';
import type { Clock } from '../kernel/clock.ts';
import type { CallFlowContext, CallFlowHooks, DialTarget, PreDialResult } from '../calls/ports.ts';
import { DigitBuffer } from '../media/dtmf/digit-buffer.ts';
import type { NumberFlow } from './flow-schema.ts';
import type { StepContext } from './flow-step.ts';
import { MenuStep } from './menu-step.ts';
import { PasswordStep } from './password-step.ts';
import { PlayStep } from './play-step.ts';
import { promptSource } from './prompt-source.ts';
import { ringbackSource } from './ringback-step.ts';
import { pickTargets } from './pick-targets.ts';
import { VoicemailStep } from './voicemail-step.ts';

export interface NumberFlowDeps {
  clock: Clock;
  /** Where tenant audio files are (relative `audio` paths resolve here). */
  audioDir: string;
  /** Where this call's voicemail goes (a new .wav path). */
  voicemailPath(callId: string): string;
  /** A message was recorded (store it, announce it); errors are the caller's to log. */
  onVoicemail?(callId: string, recording: RecordingResult): Promise<void>;
}

export function numberFlowHooks(flow: NumberFlow, deps: NumberFlowDeps): CallFlowHooks {
  const hooks: { -readonly [K in keyof CallFlowHooks]: CallFlowHooks[K] } = {};
  if (flow.welcome || flow.password || flow.menu) hooks.preDial = (ctx, targets) => runPreDial(flow, deps, ctx, targets);
  const ringback = ringbackSource(flow, deps.audioDir);
  if (ringback) hooks.ringback = ringback;
  const vm = flow.voicemail;
  if (vm?.enabled) {
    hooks.voicemail = async (ctx) => {
      ctx.answer();
      const step = stepContext(flow, deps, ctx);
      try {
        const r = await new VoicemailStep(vm, deps.voicemailPath(ctx.callId)).exec(step);
        if (r.kind === 'recorded' && r.recording.durationMs > 0) await deps.onVoicemail?.(ctx.callId, r.recording);
      } finally {
        step.digits.dispose();
      }
    };
  }
  return hooks;
}

function stepContext(flow: NumberFlow, deps: NumberFlowDeps, ctx: CallFlowContext): StepContext {
  const language = flow.language ?? 'zh-CN';
  return {
    media: ctx.media,
    digits: new DigitBuffer(ctx.media, deps.clock),
    clock: deps.clock,
    signal: ctx.signal,
    source: (p) => promptSource(p, language, deps.audioDir),
  };
}

async function runPreDial(flow: NumberFlow, deps: NumberFlowDeps, ctx: CallFlowContext, targets: readonly DialTarget[]): Promise<PreDialResult> {
  ctx.earlyMedia();
  const step = stepContext(flow, deps, ctx);
  const abandoned: PreDialResult = { kind: 'refuse', status: 487, reason: 'Request Terminated', outcome: 'cancelled' };
  try {
    // The welcome may be skipped with a key only when a question follows (the key answers it).
    if (flow.welcome) await new PlayStep(flow.welcome, Boolean(flow.menu) && !flow.password).exec(step);
    if (flow.password) {
      step.digits.clear();
      const r = await new PasswordStep(flow.password).exec(step);
      if (r === 'aborted') return abandoned;
      if (r === 'refused') return { kind: 'refuse', status: 403, reason: 'Wrong Password', outcome: 'blocked' };
    }
    if (!flow.menu) return ctx.signal.aborted ? abandoned : { kind: 'dial' };
    const m = await new MenuStep(flow.menu, flow.language ?? 'zh-CN').exec(step);
    if (m.kind === 'aborted') return abandoned;
    // C9: the key sends the caller to a queue: the ACD's driver takes the call.
    // The way the caller came goes along for the agent's screen pop (C14): the steps and the menu key, never a password.
    if (m.kind === 'queue') return { kind: 'driver', driver: 'queue', params: { queue: m.queue, ivr: { steps: passedSteps(flow), keys: [m.key] } } };
    if (m.kind === 'chosen') {
      const chosen = pickTargets(targets, m.phones);
      return chosen.length > 0 ? { kind: 'dial', targets: chosen } : { kind: 'refuse', status: 480, reason: 'Menu Group Unavailable', outcome: 'failed' };
    }
    if (flow.menu.fallback === 'hangup') {
      await new PlayStep({ system: 'goodbye' }).exec(step);
      return { kind: 'refuse', status: 480, reason: 'No Menu Choice', outcome: 'failed' };
    }
    return { kind: 'dial' };
  } finally {
    step.digits.dispose();
  }
}

/** The pre-dial steps a caller who reached the menu's choice went through. */
function passedSteps(flow: NumberFlow): string[] {
  return [...(flow.welcome ? ['welcome'] : []), ...(flow.password ? ['password'] : []), 'menu'];
}

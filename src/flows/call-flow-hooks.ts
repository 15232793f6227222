/**
 * What call control (src/calls/call.ts) asks of a number's flow: the pre-dial part (welcome,
 * password, menu), the ringback the caller hears while phones ring, and voicemail when nobody
 * answered. calls/ runs these at the right moments; the flow never touches SIP itself.
 */
import type { MediaEndpoint, PlaySource } from '../media/media-engine.ts';
import type { DialTarget } from '../calls/call-router.ts';
import type { RecordOutcome } from '../cdr/call-record.ts';

/** The caller's side of one call, as a flow sees it. */
export interface CallFlowContext {
  readonly callId: string;
  /** The caller's anchored media: prompts play here, digits and voicemail come from here. */
  readonly media: MediaEndpoint;
  /** Aborted when the call ends (caller hung up or cancelled, shutdown). */
  readonly signal: AbortSignal;
  /** 183 Session Progress with our SDP: the caller hears us before any answer (not charged). */
  earlyMedia(): void;
  /** 200 OK to the caller (voicemail must hear the caller; early media often carries nothing). */
  answer(): void;
}

export type PreDialResult =
  /** Ring these (absent: the plan's own targets). */
  | { kind: 'dial'; targets?: DialTarget[] }
  /** The flow ended the call (wrong password, no menu choice): answered with status, recorded with outcome. */
  | { kind: 'refuse'; status: number; reason: string; outcome: Exclude<RecordOutcome, 'interrupted' | 'answered'> };

export interface CallFlowHooks {
  /** Runs once after the caller's media is anchored and before anything rings. */
  preDial?(ctx: CallFlowContext, targets: readonly DialTarget[]): Promise<PreDialResult>;
  /** R9 彩铃: played (looped) to the caller as early media while phones ring, instead of 180. */
  readonly ringback?: PlaySource;
  /** R13: nobody answered; takes the call (answers, records), resolves when it is done. */
  voicemail?(ctx: CallFlowContext): Promise<void>;
}

/**
 * The ports of call control: what calls/ asks of the modules around it and what it tells them.
 * Modules outside calls/ import from here (and the composition root builds the B2BUA), never from
 * the files that implement calls — so flows, caps, routing and platform depend on calls/ through
 * interfaces only, and calls/ depends on none of them.
 *
 * - the router (routing implements it): who is calling, where a call goes — `call-router.ts`;
 * - admission (prepaid balance, caps): `CallRefusal`;
 * - its typed events, and the durable ones the call record subscribes to: `call-events.ts`;
 * - a number's flow (flows implements it): `CallFlowHooks`;
 * - digest authentication of unknown sources: `RequestAuthenticator`.
 */
import type { ServerTransaction } from '../sip/endpoint/sip-endpoint-types.ts';
import type { MediaEndpoint, PlaySource } from '../media/media-engine.ts';
import type { RecordOutcome, RefusalOutcome } from '../cdr/call-record.ts';
import type { DialTarget, RouteDecision } from './call-router.ts';
import type { DriverHandoff } from './call-driver.ts';

export type { CallRouter, CallSource, ClickToCallDecision, ClickToCallRequest, DialTarget, ForwardingStages, InboundCall, RouteDecision } from './call-router.ts';
export type { CallDriver, CallDriverRegistry, CollectOptions, DriverHandoff, DrivenCall, DrivenLeg, PlayVerbOptions, RingOptions, UnbridgedOutcome } from './call-driver.ts';
export type { LegRef, OriginateRefusal, OriginateRequest, VerbOptions } from './call-control.ts';
export { CallVerbError } from './call-verb-error.ts';
export type { CallVerbErrorCode } from './call-verb-error.ts';

/** Authenticates a request from an unknown source; answers the challenge itself when it fails. */
export interface RequestAuthenticator {
  authenticate(tx: ServerTransaction, kind: 'proxy' | 'www'): Promise<{ username: string } | undefined>;
}

/**
 * Per-tenant caps on calls that ring through a trunk (toll fraud; src/fraud implements it, the
 * composition root wires it): asked before the call starts, told when it starts and ends.
 */
export interface TenantCallGuard {
  refusal(tenantId: string): CallRefusal | undefined;
  started(tenantId: string, callId: string, decision: Extract<RouteDecision, { kind: 'dial' }>): void;
  ended(callId: string): void;
}

/** Why a routed call is refused before anything rings (prepaid balance, caps), and how. */
export interface CallRefusal {
  status: number;
  reason: string;
  outcome: RefusalOutcome;
}

/**
 * A number's flow, as call control runs it: the pre-dial part (welcome, password, menu), the
 * ringback the caller hears while phones ring, and voicemail when nobody answered. calls/ runs
 * these at the right moments; the flow never touches SIP itself.
 */
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
  | { kind: 'refuse'; status: number; reason: string; outcome: Exclude<RecordOutcome, 'interrupted' | 'answered'> }
  /** The flow hands the call to a driver by name (a menu choice that leads to a queue …). */
  | ({ kind: 'driver' } & DriverHandoff);

export interface CallFlowHooks {
  /** Runs once after the caller's media is anchored and before anything rings. */
  preDial?(ctx: CallFlowContext, targets: readonly DialTarget[]): Promise<PreDialResult>;
  /** R9 彩铃: played (looped) to the caller as early media while phones ring, instead of 180. */
  readonly ringback?: PlaySource;
  /** R13: nobody answered; takes the call (answers, records), resolves when it is done. */
  voicemail?(ctx: CallFlowContext): Promise<void>;
}

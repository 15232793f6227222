/**
 * What drivers outside calls/ (the API today; the desk and the ACD next) reach a live call by:
 * the B2BUA finds a tenant's call by id, and the call offers its verbs. Every verb is a Promise,
 * cancellable by its AbortSignal, failing with a CallVerbError.
 */
import type { PlaySource } from '../media/media-engine.ts';
import type { CallState } from './call-state.ts';
import type { ConferenceRoleName } from './call-events.ts';
import type { Q850Cause } from './q850.ts';
import type { ClickToCallRequest, DialTarget } from './call-router.ts';
import type { DrivenCall, DriverHandoff } from './call-driver.ts';

/** A leg by role in a 400-number call ('caller': who dialled it, 'callee': the phone that answered) or by id. */
export type LegRef = 'caller' | 'callee' | (string & {});

export interface VerbOptions {
  signal?: AbortSignal;
}

export interface ControlledCall {
  readonly id: string;
  readonly tenantId: string;
  readonly state: CallState;
  /** The numbers and SIP users on the call's legs (the API lets an agent act on calls of their own phone). */
  parties(): string[];
  /** Re-INVITEs `leg` with a=sendonly and plays it music; the other side hears silence. */
  hold(leg: LegRef, opts?: VerbOptions & { music?: PlaySource }): Promise<void>;
  /** Takes the held leg off hold (a=sendrecv) and bridges it back. */
  unhold(opts?: VerbOptions): Promise<void>;
  /**
   * Blind transfer of `leg` (the caller) to `destination` (a SIP user of the tenant, or a number
   * where the tenant's policy allows): it hears ringback, is bridged to the new phone when it
   * answers and the old one is hung up; when it does not, the caller goes back (`refused`).
   */
  transfer(leg: LegRef, destination: string, opts?: VerbOptions): Promise<void>;
  /**
   * Blind transfer of `leg` (the caller) to a driver by name (the ACD's queues): the phone that had
   * the caller is hung up and leaves the call, and the driver takes the caller like a new arrival.
   * Resolves once handed over; `refused` when no such driver runs here.
   */
  handOff(leg: LegRef, handoff: DriverHandoff, opts?: VerbOptions): Promise<void>;
  /** Ends the call: BYE to every leg up (Reason: Q.850 `cause`), a final response to one still ringing. */
  hangUp(opts?: VerbOptions & { cause?: Q850Cause }): Promise<void>;
  /**
   * Consult: the caller is held with music while the answering phone hears ringback, then talks to
   * `destination` (the same policy as transfer). Resolves once it answered; `refused` when it did
   * not (the caller is back with the answering phone).
   */
  consult(destination: string, opts?: VerbOptions): Promise<void>;
  /** Attended transfer: the held caller talks to the consulted phone, the answering phone is hung up. */
  completeConsult(opts?: VerbOptions): Promise<void>;
  /** The consulted phone is hung up (or stops ringing); the caller is unheld, back with the answering phone. */
  cancelConsult(opts?: VerbOptions): Promise<void>;
  /**
   * Rings `destination` (the same policy as transfer) and mixes it into the call with `role`
   * (default barge: a three-way); listen and whisper are a supervisor's. Resolves once mixed.
   */
  conference(destination: string, opts?: VerbOptions & { role?: ConferenceRoleName; sipOnly?: boolean }): Promise<void>;
  /** Switches the conference's third party between listen, whisper and barge, without a gap. */
  setConferenceRole(role: ConferenceRoleName, opts?: VerbOptions): Promise<void>;
  /** The conference's third party stays with the caller alone; the answering phone is hung up. */
  takeOver(opts?: VerbOptions): Promise<void>;
  /** The conference's third party is hung up; the caller and the answering phone talk alone again. */
  endConference(opts?: VerbOptions): Promise<void>;
  /** PCI: the recording takes nothing until resumed (silence in the file); noted in the call record. */
  pauseRecording(opts?: VerbOptions): Promise<void>;
  resumeRecording(opts?: VerbOptions): Promise<void>;
}

/** Why a call the API asked for was not placed: HTTP-ish (404 unknown agent/number, 403 a refusal). */
export interface OriginateRefusal {
  status: number;
  reason: string;
}

/** An outbound-only call for a driver (the ACD's callback): the tenant's number it shows, the customer it is for. */
export interface OriginateRequest {
  tenantId: string;
  /** The tenant's 400 number: the record's number and what a PSTN leg shows. */
  number400: string;
  /** The party the record names (the customer). */
  customerNumber: string;
  /** The customer's phone as the driver will ring it (the tenant's trunk guard counts it). */
  customer: DialTarget;
  /** The default ring time of the driver's `ring`s. */
  ringTimeoutMs: number;
}

export interface CallControl {
  /** The tenant's live call `callId`; undefined for an unknown id or another tenant's call. */
  find(tenantId: string, callId: string): ControlledCall | undefined;
  /**
   * C25 click-to-call: rings the agent's phone, then the customer showing the tenant's 400
   * number, and bridges them. Resolves the new call's id once it is placed (the phones ring on),
   * or why it was refused (the same admission and outbound checks as other calls).
   */
  clickToCall?(req: ClickToCallRequest): Promise<{ callId: string } | { refused: OriginateRefusal }>;
  /**
   * An outbound-only call that `drive` runs through the verbs (it rings each leg itself), under the
   * admission and trunk guard of any call; ended unbridged when the driver lets it go unbridged.
   */
  originate?(req: OriginateRequest, drive: (call: DrivenCall) => Promise<void>): Promise<{ callId: string } | { refused: OriginateRefusal }>;
}

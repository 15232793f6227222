/**
 * What drivers outside calls/ (the API today; the desk and the ACD next) reach a live call by:
 * the B2BUA finds a tenant's call by id, and the call offers its verbs. Every verb is a Promise,
 * cancellable by its AbortSignal, failing with a CallVerbError.
 */
import type { PlaySource } from '../media/media-engine.ts';
import type { CallState } from './call-state.ts';
import type { Q850Cause } from './q850.ts';

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
  /** Ends the call: BYE to every leg up (Reason: Q.850 `cause`), a final response to one still ringing. */
  hangUp(opts?: VerbOptions & { cause?: Q850Cause }): Promise<void>;
}

export interface CallControl {
  /** The tenant's live call `callId`; undefined for an unknown id or another tenant's call. */
  find(tenantId: string, callId: string): ControlledCall | undefined;
}

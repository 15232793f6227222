/**
 * What call control asks of routing (src/routing implements it): who is calling from where, and
 * where a call to a dialled number goes. calls/ executes the plan; it never decides it.
 */
import type { Target } from '../sip/endpoint/sip-endpoint-types.ts';
import type { DriverHandoff } from './call-driver.ts';

/** A peer we accept calls from: a carrier trunk (trusted by address) or an authenticated SIP user. */
export type CallSource =
  | { kind: 'trunk'; trunkId: string; name: string; /** Calls the carrier may have up at once on this trunk; null: no cap. */ maxConcurrentCalls?: number | null }
  | { kind: 'user'; username: string; tenantId: string | null };

export interface InboundCall {
  /** The dialled number as it arrived (Request-URI user, or To user), not yet normalised. */
  dialled: string;
  /** The caller's number as the trunk sent it (From / P-Asserted-Identity user). */
  caller: string;
  source: CallSource;
}

/** A phone to ring for a call. */
export type DialTarget =
  | { kind: 'pstn'; number: string; trunkId: string; proxy: Target; proxyHost: string }
  | { kind: 'sip'; username: string; contacts: { uri: string; target: Target }[] };

export type RouteDecision =
  | { kind: 'reject'; status: number; reason: string }
  | {
      kind: 'dial';
      tenantId: string;
      number400: string;
      /** In ring order. */
      targets: DialTarget[];
      /** 'sequential' rings one at a time in order (R2 top-down); 'simultaneous' rings all, first answer wins. */
      strategy: 'sequential' | 'simultaneous';
      ringTimeoutMs: number;
      /** R5: when the targets end busy / unanswered, these ring next, one at a time. */
      forwarding?: ForwardingStages;
      /**
       * R3/R6: a call to the number that is refused before anything rings (no targets). Call
       * control records it with this outcome, then answers the caller with status/reason.
       */
      refusal?: { status: number; reason: string; outcome: 'blocked' | 'closed' };
      /**
       * The calling number PSTN legs show instead of the caller's (From, P-Asserted-Identity):
       * set when the caller is an agent's extension, which carriers refuse. Absent → the caller's.
       */
      pstnCallerId?: string;
      /**
       * Instead of ringing `targets`, the call goes to this driver (by name; the platform's
       * registry resolves it: the ACD's queue …) once the caller's media is anchored.
       */
      handoff?: DriverHandoff;
    };

/** Forwarding on busy and on no answer (R5): two numbers each, at most `maxForwards` (≤ 3) per call. */
export interface ForwardingStages {
  onBusy: DialTarget[];
  onNoAnswer: DialTarget[];
  maxForwards: number;
  ringTimeoutMs: number;
}

/** C25 click-to-call as asked: ring the agent's phone, then the customer, showing the tenant's 400 number. */
export interface ClickToCallRequest {
  tenantId: string;
  /** The agent's SIP user (their registered phone). */
  agent: string;
  /** The customer's number, as typed. */
  customer: string;
  /** The tenant's 400 number the customer sees calling (one of its active numbers). */
  number400: string;
}

/** Where a click-to-call goes, or why it may not (unknown number, unregistered agent, a destination the tenant may not call). */
export type ClickToCallDecision =
  | { kind: 'reject'; status: number; reason: string }
  | { kind: 'click-to-call'; tenantId: string; number400: string; agent: DialTarget; customer: DialTarget; customerNumber: string; ringTimeoutMs: number };

export interface CallRouter {
  /** Who sent this request: a trunk by source address, else undefined (the caller must authenticate). */
  trunkForAddress(address: string): CallSource | undefined;
  route(call: InboundCall): Promise<RouteDecision>;
  /** C25: the targets of a click-to-call, with the same outbound checks as calls out today; absent → none. */
  clickToCall?(req: ClickToCallRequest): Promise<ClickToCallDecision>;
}

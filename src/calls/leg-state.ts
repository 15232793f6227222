/**
 * A leg's signalling state, the same for both directions (RFC 3261 §13): a pure transition table,
 * one handler per state, apart from the I/O in inbound-leg.ts and outbound-leg.ts.
 *
 * - inbound (we are the UAS): offering → early (180/183 sent) → answered (2xx sent) → confirmed
 *   (ACK came) → ended (BYE); or → failed (our non-2xx final).
 * - outbound (we are the UAC): offering (INVITE sent) → early (provisional came) → confirmed (2xx
 *   came and was ACKed at once) → ended; or → failed (non-2xx final, timeout), or → cancelling
 *   (CANCEL sent) → ended.
 */
export type LegState = 'offering' | 'early' | 'answered' | 'confirmed' | 'cancelling' | 'failed' | 'ended';

export type LegEvent =
  /** 1xx (> 100) sent or received. */
  | 'provisional'
  /** Inbound: our 2xx sent. */
  | 'answer'
  /** Inbound: the ACK to our 2xx came. Outbound: the 2xx came and we ACKed it. */
  | 'confirm'
  /** Outbound: CANCEL sent (§9.1). */
  | 'cancel'
  /** A non-2xx final (ours inbound, theirs outbound) or no response at all. */
  | 'fail'
  /** BYE sent or received; a cancelled INVITE's final response. */
  | 'end';

type Handler = (event: LegEvent) => LegState | undefined;

/** Undefined from a handler: the event means nothing in that state (a stray or late message). */
const TABLE: { readonly [S in LegState]: Handler } = {
  offering: (e) => (e === 'provisional' ? 'early' : e === 'answer' ? 'answered' : e === 'confirm' ? 'confirmed' : e === 'cancel' ? 'cancelling' : e === 'fail' ? 'failed' : undefined),
  early: (e) => (e === 'provisional' ? 'early' : e === 'answer' ? 'answered' : e === 'confirm' ? 'confirmed' : e === 'cancel' ? 'cancelling' : e === 'fail' ? 'failed' : undefined),
  answered: (e) => (e === 'confirm' ? 'confirmed' : e === 'end' ? 'ended' : undefined),
  confirmed: (e) => (e === 'end' ? 'ended' : undefined),
  // A 2xx that crosses our CANCEL is ACKed and hung up by the leg (§15): the leg ends either way.
  cancelling: (e) => (e === 'end' || e === 'fail' || e === 'confirm' ? 'ended' : undefined),
  failed: () => undefined,
  ended: () => undefined,
};

/** The state after `event`, or undefined when the event does not apply in `state`. */
export function legTransition(state: LegState, event: LegEvent): LegState | undefined {
  return TABLE[state](event);
}

/** Up: a dialog exists and media may flow (BYE, re-INVITE and REFER make sense). */
export function legIsUp(state: LegState): boolean {
  return state === 'answered' || state === 'confirmed';
}

/** Still being set up: CANCEL (outbound) or a final response (inbound) ends it. */
export function legIsRinging(state: LegState): boolean {
  return state === 'offering' || state === 'early';
}

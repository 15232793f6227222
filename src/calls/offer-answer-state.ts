/**
 * A call's offer/answer exchange after the answer (re-INVITE / UPDATE passed through, or a hold
 * the platform sends): a pure transition table. RFC 3261 §14.1: a UAS that receives a re-INVITE
 * while its own is pending "MUST return a 491", so only one exchange runs at a time.
 */
export type OfferAnswerState = 'stable' | 'exchanging';

export type OfferAnswerEvent = 'offer' | 'settled';

const TABLE: { readonly [S in OfferAnswerState]: (e: OfferAnswerEvent) => OfferAnswerState | undefined } = {
  stable: (e) => (e === 'offer' ? 'exchanging' : undefined),
  exchanging: (e) => (e === 'settled' ? 'stable' : undefined),
};

/** The state after `event`, or undefined when the event does not apply (an offer while one is open: 491). */
export function offerAnswerTransition(state: OfferAnswerState, event: OfferAnswerEvent): OfferAnswerState | undefined {
  return TABLE[state](event);
}

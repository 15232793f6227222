/**
 * The dial step's phase (dial.ts), a pure transition table like the call's and the legs': ringing
 * (phones ring, forwarding stages follow one another) → done (one answered, all failed, or called
 * off); or, when nobody answered and the number takes messages, ringing → voicemail (the caller
 * leaves one) → done. Done is final: a late answer or failure then changes nothing.
 */
export type DialPhase = 'ringing' | 'voicemail' | 'done';

export type DialEvent = 'voicemail' | 'finish';

const TABLE: { readonly [S in DialPhase]: (e: DialEvent) => DialPhase | undefined } = {
  ringing: (e) => (e === 'voicemail' ? 'voicemail' : 'done'),
  voicemail: (e) => (e === 'finish' ? 'done' : undefined),
  done: () => undefined,
};

/** The phase after `event`, or undefined when the event does not apply now. */
export function dialTransition(phase: DialPhase, event: DialEvent): DialPhase | undefined {
  return TABLE[phase](event);
}

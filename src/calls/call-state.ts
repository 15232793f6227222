/**
 * A call's state: a pure transition table, one handler per state, apart from the I/O in call.ts.
 *
 * setup (media anchored, no bridge: the number's pre-dial flow, or a driver at work — an IVR, a
 * queue) → dialing (routing's dial step rings phones) → answered (two legs bridged: the `answer`
 * event is the bridge verb) → ended. A driver may cut the bridge (answered → setup, `unbridge`)
 * and bridge again. When nobody answered
 * and the number takes messages: dialing → voicemail → ended. Once answered a driver may put one
 * leg on hold (answered ⇄ held: the held side hears music, the other silence) or transfer the
 * caller to another phone (answered → transferring → answered, with the new phone or, when it
 * did not answer, with the old one again). Any state may end
 * (hang-up, CANCEL, refusal, shutdown); ended is final.
 */
export type CallState = 'setup' | 'dialing' | 'voicemail' | 'answered' | 'held' | 'transferring' | 'ended';

export type CallEvent = 'dial' | 'voicemail' | 'answer' | 'unbridge' | 'hold' | 'unhold' | 'transfer' | 'transfer-done' | 'end';

type Handler = (event: CallEvent) => CallState | undefined;

const TABLE: { readonly [S in CallState]: Handler } = {
  setup: (e) => (e === 'dial' ? 'dialing' : e === 'answer' ? 'answered' : e === 'end' ? 'ended' : undefined),
  dialing: (e) => (e === 'answer' ? 'answered' : e === 'voicemail' ? 'voicemail' : e === 'end' ? 'ended' : undefined),
  voicemail: (e) => (e === 'end' ? 'ended' : undefined),
  answered: (e) => (e === 'hold' ? 'held' : e === 'transfer' ? 'transferring' : e === 'unbridge' ? 'setup' : e === 'end' ? 'ended' : undefined),
  transferring: (e) => (e === 'transfer-done' ? 'answered' : e === 'end' ? 'ended' : undefined),
  held: (e) => (e === 'unhold' ? 'answered' : e === 'end' ? 'ended' : undefined),
  ended: () => undefined,
};

/** The state after `event`, or undefined when the event does not apply in `state`. */
export function callTransition(state: CallState, event: CallEvent): CallState | undefined {
  return TABLE[state](event);
}

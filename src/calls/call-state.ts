/**
 * A call's state: a pure transition table, one handler per state, apart from the I/O in call.ts.
 *
 * setup (media anchored, no bridge: the number's pre-dial flow, or a driver at work — an IVR, a
 * queue) → dialing (routing's dial step rings phones) → answered (two legs bridged: the `answer`
 * event is the bridge verb) → ended. A driver may cut the bridge (answered → setup, `unbridge`)
 * and bridge again. When nobody answered
 * and the number takes messages: dialing → voicemail → ended; a driver may send the caller there too
 * (setup → voicemail: a queue's overflow). Once answered a driver may put one
 * leg on hold (answered ⇄ held: the held side hears music, the other silence) or transfer the
 * caller to another phone (answered → transferring → answered, with the new phone or, when it
 * did not answer, with the old one again). A consult (answered → consulting) holds the caller
 * with music while the answering phone rings and talks to a second phone: completed (attended
 * transfer) it is answered again with the consulted phone; cancelled or failed, the caller is
 * still held (consulting → held) until unheld. A conference (answered → conferenced: a third
 * party brought in, or a supervisor listening, whispering or barging) mixes the legs in a room of
 * the media engine until the third party leaves or takes over (conferenced → answered). Any
 * state may end (hang-up, CANCEL, refusal, shutdown); ended is final.
 */
export type CallState = 'setup' | 'dialing' | 'voicemail' | 'answered' | 'held' | 'transferring' | 'consulting' | 'conferenced' | 'ended';

export type CallEvent =
  | 'dial'
  | 'voicemail'
  | 'answer'
  | 'unbridge'
  | 'hold'
  | 'unhold'
  | 'transfer'
  | 'transfer-done'
  | 'consult'
  | 'consult-complete'
  | 'consult-end'
  | 'conference'
  | 'conference-end'
  | 'end';

type Handler = (event: CallEvent) => CallState | undefined;

const TABLE: { readonly [S in CallState]: Handler } = {
  setup: (e) => (e === 'dial' ? 'dialing' : e === 'answer' ? 'answered' : e === 'voicemail' ? 'voicemail' : e === 'end' ? 'ended' : undefined),
  dialing: (e) => (e === 'answer' ? 'answered' : e === 'voicemail' ? 'voicemail' : e === 'end' ? 'ended' : undefined),
  voicemail: (e) => (e === 'end' ? 'ended' : undefined),
  answered: (e) => (e === 'hold' ? 'held' : e === 'transfer' ? 'transferring' : e === 'consult' ? 'consulting' : e === 'conference' ? 'conferenced' : e === 'unbridge' ? 'setup' : e === 'end' ? 'ended' : undefined),
  transferring: (e) => (e === 'transfer-done' ? 'answered' : e === 'end' ? 'ended' : undefined),
  consulting: (e) => (e === 'consult-complete' ? 'answered' : e === 'consult-end' ? 'held' : e === 'end' ? 'ended' : undefined),
  conferenced: (e) => (e === 'conference-end' ? 'answered' : e === 'end' ? 'ended' : undefined),
  held: (e) => (e === 'unhold' ? 'answered' : e === 'end' ? 'ended' : undefined),
  ended: () => undefined,
};

/** The state after `event`, or undefined when the event does not apply in `state`. */
export function callTransition(state: CallState, event: CallEvent): CallState | undefined {
  return TABLE[state](event);
}

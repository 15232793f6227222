/**
 * A call's state: a pure transition table, one handler per state, apart from the I/O in call.ts.
 *
 * setup (media anchored, the number's pre-dial flow) → dialing (the dial step rings phones) →
 * answered (a phone answered; its leg and the caller's are bridged) → ended. When nobody answered
 * and the number takes messages: dialing → voicemail → ended. Any state may end (hang-up, CANCEL,
 * refusal, shutdown); ended is final.
 */
export type CallState = 'setup' | 'dialing' | 'voicemail' | 'answered' | 'ended';

export type CallEvent = 'dial' | 'voicemail' | 'answer' | 'end';

type Handler = (event: CallEvent) => CallState | undefined;

const TABLE: { readonly [S in CallState]: Handler } = {
  setup: (e) => (e === 'dial' ? 'dialing' : e === 'answer' ? 'answered' : e === 'end' ? 'ended' : undefined),
  dialing: (e) => (e === 'answer' ? 'answered' : e === 'voicemail' ? 'voicemail' : e === 'end' ? 'ended' : undefined),
  voicemail: (e) => (e === 'end' ? 'ended' : undefined),
  answered: (e) => (e === 'end' ? 'ended' : undefined),
  ended: () => undefined,
};

/** The state after `event`, or undefined when the event does not apply in `state`. */
export function callTransition(state: CallState, event: CallEvent): CallState | undefined {
  return TABLE[state](event);
}

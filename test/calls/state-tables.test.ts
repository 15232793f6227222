// The call's, the legs' and the offer/answer state tables: every state's handler, legal and stray events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callTransition } from '../../src/calls/call-state.ts';
import type { CallEvent, CallState } from '../../src/calls/call-state.ts';
import { legIsRinging, legIsUp, legTransition } from '../../src/calls/leg-state.ts';
import type { LegEvent, LegState } from '../../src/calls/leg-state.ts';
import { offerAnswerTransition } from '../../src/calls/offer-answer-state.ts';
import { dialTransition } from '../../src/calls/dial-state.ts';
import type { DialPhase } from '../../src/calls/dial-state.ts';

const CALL_EVENTS: CallEvent[] = ['dial', 'voicemail', 'answer', 'unbridge', 'hold', 'unhold', 'transfer', 'transfer-done', 'consult', 'consult-complete', 'consult-end', 'conference', 'conference-end', 'end'];
const LEG_EVENTS: LegEvent[] = ['provisional', 'answer', 'confirm', 'cancel', 'fail', 'end'];

function table<S extends string, E extends string>(states: S[], events: E[], f: (s: S, e: E) => S | undefined): Record<S, Partial<Record<E, S>>> {
  const out = {} as Record<S, Partial<Record<E, S>>>;
  for (const s of states) {
    out[s] = {};
    for (const e of events) {
      const next = f(s, e);
      if (next) out[s][e] = next;
    }
  }
  return out;
}

test('call: setup → dialing → answered ⇄ held / consulting / conferenced, answered → setup (unbridge) / voicemail → ended; ended is final', () => {
  const states: CallState[] = ['setup', 'dialing', 'voicemail', 'answered', 'held', 'transferring', 'consulting', 'conferenced', 'ended'];
  assert.deepEqual(table(states, CALL_EVENTS, callTransition), {
    setup: { dial: 'dialing', answer: 'answered', voicemail: 'voicemail', end: 'ended' },
    dialing: { voicemail: 'voicemail', answer: 'answered', end: 'ended' },
    voicemail: { end: 'ended' },
    answered: { hold: 'held', transfer: 'transferring', consult: 'consulting', conference: 'conferenced', unbridge: 'setup', end: 'ended' },
    transferring: { 'transfer-done': 'answered', end: 'ended' },
    // A consult completed is answered again (with the consulted phone); cancelled or failed, the caller stays held.
    consulting: { 'consult-complete': 'answered', 'consult-end': 'held', end: 'ended' },
    conferenced: { 'conference-end': 'answered', end: 'ended' },
    held: { unhold: 'answered', end: 'ended' },
    ended: {},
  });
});

test('leg: both directions through one table; failed and ended are final', () => {
  const states: LegState[] = ['offering', 'early', 'answered', 'confirmed', 'cancelling', 'failed', 'ended'];
  const ringing = { provisional: 'early', answer: 'answered', confirm: 'confirmed', cancel: 'cancelling', fail: 'failed' };
  assert.deepEqual(table(states, LEG_EVENTS, legTransition), {
    offering: ringing,
    early: ringing,
    answered: { confirm: 'confirmed', end: 'ended' },
    confirmed: { end: 'ended' },
    // A 2xx or a final response after our CANCEL ends the leg (§9.1, §15).
    cancelling: { confirm: 'ended', fail: 'ended', end: 'ended' },
    failed: {},
    ended: {},
  });
  assert.deepEqual(states.filter(legIsUp), ['answered', 'confirmed']);
  assert.deepEqual(states.filter(legIsRinging), ['offering', 'early']);
});

test('offer/answer: a second offer while one is open is refused (the caller of the table answers 491)', () => {
  assert.equal(offerAnswerTransition('stable', 'offer'), 'exchanging');
  assert.equal(offerAnswerTransition('exchanging', 'offer'), undefined);
  assert.equal(offerAnswerTransition('exchanging', 'settled'), 'stable');
  assert.equal(offerAnswerTransition('stable', 'settled'), undefined);
});

test('dial step: ringing → done, or ringing → voicemail → done; done is final', () => {
  const phases: DialPhase[] = ['ringing', 'voicemail', 'done'];
  assert.deepEqual(table(phases, ['voicemail', 'finish'], dialTransition), {
    ringing: { voicemail: 'voicemail', finish: 'done' },
    voicemail: { finish: 'done' },
    done: {},
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AGENT_STATES, type AgentInput, type AgentStatus, nextAgentStatus } from '../../src/acd/agent-state.ts';

const step = (s: AgentStatus, i: AgentInput) => nextAgentStatus(s, i);
const TOKEN = 'tok';
const statusOf = (state: (typeof AGENT_STATES)[number]): AgentStatus =>
  state === 'not_ready' ? { state, reason: 'break' } : state === 'reserved' || state === 'ringing' || state === 'talking' || state === 'held' ? { state, token: TOKEN } : { state };

test('the happy path: log in, offer, ring, answer, hold, unhold, end, wrap up, ready', () => {
  let s: AgentStatus = { state: 'logged_out' };
  const path: AgentInput[] = [
    { kind: 'log_in' },
    { kind: 'offer', token: TOKEN },
    { kind: 'ring', token: TOKEN },
    { kind: 'answer', token: TOKEN },
    { kind: 'hold', token: TOKEN },
    { kind: 'unhold', token: TOKEN },
    { kind: 'call_end', token: TOKEN, then: { state: 'wrap_up' } },
    { kind: 'wrap_up_end' },
  ];
  const seen: string[] = [];
  for (const i of path) {
    const r = step(s, i);
    assert.ok(r.ok, `${s.state} + ${i.kind}`);
    s = r.status;
    seen.push(s.state);
  }
  assert.deepEqual(seen, ['ready', 'reserved', 'ringing', 'talking', 'held', 'talking', 'wrap_up', 'ready']);
});

test('an offer is made only to a ready agent', () => {
  for (const state of AGENT_STATES) {
    const r = step(statusOf(state), { kind: 'offer', token: 'new' });
    assert.equal(r.ok, state === 'ready', state);
  }
});

test('inputs naming another offer are refused (a late answer to a withdrawn offer)', () => {
  for (const state of ['reserved', 'ringing'] as const) {
    assert.equal(step(statusOf(state), { kind: 'answer', token: 'other' }).ok, false);
    assert.equal(step(statusOf(state), { kind: 'offer_lost', token: 'other', then: { state: 'ready' } }).ok, false);
  }
  assert.equal(step({ state: 'ready' }, { kind: 'answer', token: TOKEN }).ok, false);
  assert.equal(step(statusOf('talking'), { kind: 'call_end', token: 'other', then: { state: 'ready' } }).ok, false);
});

test('a lost registration: not ready from every idle or offered state, the call goes on while talking', () => {
  for (const state of AGENT_STATES) {
    const r = step(statusOf(state), { kind: 'phone_lost' });
    if (state === 'logged_out') assert.equal(r.ok, false);
    else if (state === 'talking' || state === 'held') assert.deepEqual(r, { ok: true, status: statusOf(state) });
    else assert.deepEqual(r, { ok: true, status: { state: 'not_ready', reason: 'registration_lost' } });
  }
});

test('log out is possible from every logged-in state; nothing but log in from logged out', () => {
  for (const state of AGENT_STATES) {
    const r = step(statusOf(state), { kind: 'log_out' });
    assert.equal(r.ok, state !== 'logged_out', state);
  }
  assert.deepEqual(step({ state: 'logged_out' }, { kind: 'log_in', reason: 'training' }), { ok: true, status: { state: 'not_ready', reason: 'training' } });
  assert.equal(step({ state: 'logged_out' }, { kind: 'set_ready' }).ok, false);
});

test('not ready is refused on a call, allowed from wrap-up and while offered (the offer is withdrawn)', () => {
  const nr: AgentInput = { kind: 'set_not_ready', reason: 'meeting' };
  assert.equal(step(statusOf('talking'), nr).ok, false);
  assert.equal(step(statusOf('held'), nr).ok, false);
  for (const state of ['ready', 'not_ready', 'reserved', 'ringing', 'wrap_up'] as const) assert.deepEqual(step(statusOf(state), nr), { ok: true, status: { state: 'not_ready', reason: 'meeting' } });
});

test('the table never throws, for every state and input', () => {
  const inputs: AgentInput[] = [
    { kind: 'log_in' },
    { kind: 'set_ready' },
    { kind: 'set_not_ready', reason: 'x' },
    { kind: 'log_out' },
    { kind: 'offer', token: TOKEN },
    { kind: 'ring', token: TOKEN },
    { kind: 'answer', token: TOKEN },
    { kind: 'offer_lost', token: TOKEN, then: { state: 'not_ready', reason: 'missed_offers' } },
    { kind: 'hold', token: TOKEN },
    { kind: 'unhold', token: TOKEN },
    { kind: 'call_end', token: TOKEN, then: { state: 'wrap_up' } },
    { kind: 'wrap_up_end' },
    { kind: 'phone_lost' },
  ];
  for (const state of AGENT_STATES) for (const i of inputs) assert.doesNotThrow(() => step(statusOf(state), i));
});

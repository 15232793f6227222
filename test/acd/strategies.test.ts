import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bestSkill } from '../../src/acd/strategies/best-skill.ts';
import type { Candidate } from '../../src/acd/strategies/candidate.ts';
import { fewestCalls } from '../../src/acd/strategies/fewest-calls.ts';
import { leastTalkTime } from '../../src/acd/strategies/least-talk-time.ts';
import { longestIdle } from '../../src/acd/strategies/longest-idle.ts';
import { randomPick } from '../../src/acd/strategies/random-pick.ts';
import { ringAll } from '../../src/acd/strategies/ring-all.ts';
import { ringProgressively } from '../../src/acd/strategies/ring-progressively.ts';
import { roundRobin } from '../../src/acd/strategies/round-robin.ts';
import { topDown } from '../../src/acd/strategies/top-down.ts';
import { weightedRandom } from '../../src/acd/strategies/weighted-random.ts';
import { seededRandom } from '../../src/random/seeded-random.ts';

const c = (agentId: string, over: Partial<Candidate> = {}): Candidate => ({
  userId: `u-${agentId}`,
  agentId,
  idleSince: 0,
  callsAnswered: 0,
  talkTimeMs: 0,
  proficiency: 0,
  tier: 1,
  level: 1,
  weight: 1,
  ...over,
});
const ids = (cs: Candidate[]) => cs.map((x) => x.agentId);
const random = seededRandom(7);

test('longest idle: the agent free the longest first', () => {
  assert.deepEqual(ids(longestIdle({ candidates: [c('a', { idleSince: 300 }), c('b', { idleSince: 100 }), c('c', { idleSince: 200 })], random })), ['b', 'c', 'a']);
});

test('ring all and ring progressively: top-down order (the engine fans out)', () => {
  const cs = [c('b', { level: 2 }), c('a', { level: 3 }), c('c', { level: 1 })];
  assert.deepEqual(ids(ringAll({ candidates: cs, random })), ['c', 'b', 'a']);
  assert.deepEqual(ids(ringProgressively({ candidates: cs, random })), ['c', 'b', 'a']);
});

test('round robin continues after the agent offered last, wrapping around, even when that agent is busy now', () => {
  const cs = [c('1001'), c('1003'), c('1004')];
  assert.deepEqual(ids(roundRobin({ candidates: cs, random })), ['1001', '1003', '1004']);
  assert.deepEqual(ids(roundRobin({ candidates: cs, random, lastOffered: '1001' })), ['1003', '1004', '1001']);
  assert.deepEqual(ids(roundRobin({ candidates: cs, random, lastOffered: '1002' })), ['1003', '1004', '1001'], '1002 is busy: the ring goes on after it');
  assert.deepEqual(ids(roundRobin({ candidates: cs, random, lastOffered: '1004' })), ['1001', '1003', '1004']);
});

test('top down: tier, then level, then agent ID', () => {
  const cs = [c('z', { tier: 1, level: 2 }), c('y', { tier: 2, level: 1 }), c('x', { tier: 1, level: 2 }), c('w', { tier: 1, level: 1 })];
  assert.deepEqual(ids(topDown({ candidates: cs, random })), ['w', 'x', 'z', 'y']);
});

test('fewest calls and least talk time, ties to the longest idle', () => {
  const cs = [c('a', { callsAnswered: 3, talkTimeMs: 10, idleSince: 5 }), c('b', { callsAnswered: 1, talkTimeMs: 90, idleSince: 9 }), c('c', { callsAnswered: 1, talkTimeMs: 50, idleSince: 1 })];
  assert.deepEqual(ids(fewestCalls({ candidates: cs, random })), ['c', 'b', 'a']);
  assert.deepEqual(ids(leastTalkTime({ candidates: cs, random })), ['a', 'c', 'b']);
});

test('best skill: the most proficient first, ties to the longest idle', () => {
  const cs = [c('a', { proficiency: 3, idleSince: 1 }), c('b', { proficiency: 5, idleSince: 9 }), c('c', { proficiency: 3, idleSince: 0 })];
  assert.deepEqual(ids(bestSkill({ candidates: cs, random })), ['b', 'c', 'a']);
});

test('random: every agent first about equally often, and the same seed repeats the same order', () => {
  const cs = [c('a'), c('b'), c('c'), c('d')];
  const firsts = new Map<string, number>();
  const r = seededRandom(42);
  for (let i = 0; i < 8000; i++) {
    const first = randomPick({ candidates: cs, random: r })[0]!.agentId;
    firsts.set(first, (firsts.get(first) ?? 0) + 1);
  }
  for (const n of firsts.values()) assert.ok(n > 1800 && n < 2200, `${n} of 8000`);
  assert.deepEqual(ids(randomPick({ candidates: cs, random: seededRandom(3) })), ids(randomPick({ candidates: cs, random: seededRandom(3) })));
});

test('weighted random: first in proportion to the weights; zero weight never first while others weigh', () => {
  const cs = [c('heavy', { weight: 3 }), c('light', { weight: 1 }), c('zero', { weight: 0 })];
  const firsts = new Map<string, number>();
  const r = seededRandom(9);
  for (let i = 0; i < 8000; i++) {
    const order = weightedRandom({ candidates: cs, random: r });
    assert.equal(order.length, 3, 'every candidate stays in the order');
    firsts.set(order[0]!.agentId, (firsts.get(order[0]!.agentId) ?? 0) + 1);
  }
  assert.equal(firsts.get('zero') ?? 0, 0);
  const ratio = firsts.get('heavy')! / firsts.get('light')!;
  assert.ok(ratio > 2.6 && ratio < 3.4, `ratio ${ratio}`);
});

test('every strategy returns each candidate exactly once and does not change its input', () => {
  const cs = Object.freeze([c('a', { weight: 2, idleSince: 3 }), c('b', { idleSince: 1 }), c('c', { weight: 5 })]);
  for (const s of [longestIdle, ringAll, roundRobin, topDown, fewestCalls, leastTalkTime, randomPick, weightedRandom, ringProgressively, bestSkill]) {
    const out = s({ candidates: cs, random, lastOffered: 'b' });
    assert.deepEqual(ids(out).sort(), ['a', 'b', 'c']);
  }
  assert.deepEqual(ids([...cs]), ['a', 'b', 'c']);
});

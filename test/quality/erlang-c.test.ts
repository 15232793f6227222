/**
 * Erlang C against the published worked example (callcentrehelper.com's "Erlang C formula — made
 * simple", also in most workforce-management textbooks): 100 calls in 30 minutes, 180 s average
 * handle time, target 80 % answered in 20 s → 10 Erlangs; 13 agents give 79.6 %, 14 agents 88.8 %,
 * so 14 are needed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { averageSpeedOfAnswer, probabilityOfWaiting, serviceLevel, staffingFor, trafficErlangs } from '../../src/quality/erlang-c.ts';

const example = { calls: 100, intervalSeconds: 30 * 60, handleSeconds: 180 };
const pct = (x: number) => Math.round(x * 1000) / 10;

describe('Erlang C', () => {
  test('the worked example: 10 Erlangs; 13 agents 79.6 %, 14 agents 88.8 %; 14 needed for 80/20', () => {
    assert.equal(trafficErlangs(example), 10);
    assert.equal(pct(serviceLevel(13, example, 20)), 79.6);
    assert.equal(pct(serviceLevel(14, example, 20)), 88.8);
    const s = staffingFor(example, { serviceLevel: 0.8, targetSeconds: 20 });
    assert.equal(s.agents, 14);
    assert.equal(pct(s.serviceLevel), 88.8);
    assert.equal(pct(s.occupancy), 71.4);
  });

  test('the probability of waiting and the average speed of answer of the example (14 agents: 17.4 %, 7.8 s)', () => {
    assert.equal(pct(probabilityOfWaiting(14, 10)), 17.4);
    assert.equal(Math.round(averageSpeedOfAnswer(14, example) * 10) / 10, 7.8);
  });

  test('edges: no traffic needs nobody; too few agents is an unstable queue (0 % within target, everyone waits)', () => {
    assert.equal(staffingFor({ calls: 0, intervalSeconds: 1800, handleSeconds: 180 }, { serviceLevel: 0.8, targetSeconds: 20 }).agents, 0);
    assert.equal(serviceLevel(10, example, 20), 0);
    assert.equal(probabilityOfWaiting(9, 10), 1);
    assert.equal(averageSpeedOfAnswer(10, example), Number.POSITIVE_INFINITY);
  });

  test('large centres stay finite (no factorial overflow): 500 Erlangs', () => {
    const s = staffingFor({ calls: 5000, intervalSeconds: 1800, handleSeconds: 180 }, { serviceLevel: 0.9, targetSeconds: 15 });
    assert.ok(s.agents > 500 && s.agents < 560, `${s.agents} agents`);
    assert.ok(s.serviceLevel >= 0.9 && s.serviceLevel < 1);
  });

  test('bad input is refused clearly', () => {
    assert.throws(() => trafficErlangs({ calls: 1, intervalSeconds: 0, handleSeconds: 1 }), RangeError);
    assert.throws(() => staffingFor(example, { serviceLevel: 1.2, targetSeconds: 20 }), RangeError);
    assert.throws(() => probabilityOfWaiting(1.5, 1), RangeError);
  });
});

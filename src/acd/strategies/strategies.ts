/** Strategy name → its pure function and how many agents the engine offers the call to at once. */
import type { StrategyName } from '../acd-model.ts';
import { bestSkill } from './best-skill.ts';
import type { Strategy } from './candidate.ts';
import { fewestCalls } from './fewest-calls.ts';
import { leastTalkTime } from './least-talk-time.ts';
import { longestIdle } from './longest-idle.ts';
import { randomPick } from './random-pick.ts';
import { ringAll } from './ring-all.ts';
import { ringProgressively } from './ring-progressively.ts';
import { roundRobin } from './round-robin.ts';
import { topDown } from './top-down.ts';
import { weightedRandom } from './weighted-random.ts';

/** one: the first candidate; all: every candidate at once; progressive: one more per step. */
export type FanOut = 'one' | 'all' | 'progressive';

export const STRATEGIES: Record<StrategyName, { order: Strategy; fanOut: FanOut }> = {
  longest_idle: { order: longestIdle, fanOut: 'one' },
  ring_all: { order: ringAll, fanOut: 'all' },
  round_robin: { order: roundRobin, fanOut: 'one' },
  top_down: { order: topDown, fanOut: 'one' },
  fewest_calls: { order: fewestCalls, fanOut: 'one' },
  least_talk_time: { order: leastTalkTime, fanOut: 'one' },
  random: { order: randomPick, fanOut: 'one' },
  weighted_random: { order: weightedRandom, fanOut: 'one' },
  ring_progressively: { order: ringProgressively, fanOut: 'progressive' },
  best_skill: { order: bestSkill, fanOut: 'one' },
};

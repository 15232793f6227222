import { byAgentId, type Candidate, type Strategy } from './candidate.ts';

/**
 * Random in proportion to each membership's weight: drawn one after another without replacement,
 * so the whole order is weighted (an agent of weight 3 is first three times as often as one of 1).
 * Weights of 0 or less count as 0; when all are 0 the draw is uniform.
 */
export const weightedRandom: Strategy = ({ candidates, random }) => {
  const pool = [...candidates].sort(byAgentId);
  const out: Candidate[] = [];
  while (pool.length > 0) {
    const total = pool.reduce((sum, c) => sum + Math.max(0, c.weight), 0);
    let pick = pool.length - 1;
    if (total <= 0) pick = Math.floor(random() * pool.length);
    else {
      let r = random() * total;
      for (let i = 0; i < pool.length; i++) {
        r -= Math.max(0, pool[i]!.weight);
        if (r < 0) {
          pick = i;
          break;
        }
      }
    }
    out.push(...pool.splice(pick, 1));
  }
  return out;
};

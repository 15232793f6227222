import { byAgentId, type Strategy } from './candidate.ts';

/** Uniformly random order (Fisher–Yates over the agent-ID order, so a seed repeats exactly). */
export const randomPick: Strategy = ({ candidates, random }) => {
  const out = [...candidates].sort(byAgentId);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

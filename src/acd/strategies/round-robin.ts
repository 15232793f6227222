import { byAgentId, type Strategy } from './candidate.ts';

/**
 * Agents in a ring by agent ID; the call goes to the next one after the agent offered last in this
 * queue (the memory survives agents going busy: the ring continues from where it stopped).
 */
export const roundRobin: Strategy = ({ candidates, lastOffered }) => {
  const ring = [...candidates].sort(byAgentId);
  if (lastOffered === undefined) return ring;
  const next = ring.findIndex((c) => c.agentId > lastOffered);
  return next <= 0 ? ring : [...ring.slice(next), ...ring.slice(0, next)];
};

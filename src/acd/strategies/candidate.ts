/**
 * What a strategy sees of an agent free to take a call: pure data, no engine. Every strategy is a
 * pure function from the candidates (never empty) to them in the order they should be offered the
 * call; the engine offers the first (ring_all: all at once, ring_progressively: one more at each step).
 */
export interface Candidate {
  userId: string;
  /** 工号; also the stable order for round robin and ties. */
  agentId: string;
  /** Monotonic ms since when the agent has been free (last became ready or finished wrap-up). */
  idleSince: number;
  /** Calls answered since the agent logged in. */
  callsAnswered: number;
  /** Talk time since the agent logged in (ms). */
  talkTimeMs: number;
  /** Proficiency 1–5 in the queue's skill; 0 without it (or when the queue asks for none). */
  proficiency: number;
  tier: number;
  level: number;
  weight: number;
}

export interface StrategyInput {
  candidates: readonly Candidate[];
  /** [0, 1): seeded in tests. */
  random: () => number;
  /** round_robin's memory: the agent ID offered last in this queue. */
  lastOffered?: string;
}

export type Strategy = (input: StrategyInput) => Candidate[];

/** Ties everywhere fall back to the agent ID, so a decision never depends on insertion order. */
export function byAgentId(a: Candidate, b: Candidate): number {
  return a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0;
}

export function byLongestIdle(a: Candidate, b: Candidate): number {
  return a.idleSince - b.idleSince || byAgentId(a, b);
}

export function byTopDown(a: Candidate, b: Candidate): number {
  return a.tier - b.tier || a.level - b.level || byAgentId(a, b);
}

/**
 * Erlang C (M/M/N queue): the chance a caller waits, the service level a number of agents gives,
 * and the fewest agents that meet a target. Pure arithmetic, no I/O: the wallboard's staffing hint
 * (issue 15) calls `staffingFor` with the last 30 minutes' arrivals and handle times.
 *
 * The Erlang C sum is computed with the Erlang B recursion (B(0) = 1, B(n) = A·B(n−1)/(n + A·B(n−1)),
 * C = N·B / (N − A·(1 − B))), which never forms A^N or N! and so stays exact for hundreds of agents.
 */

export interface Workload {
  /** Calls arriving in `intervalSeconds`. */
  calls: number;
  intervalSeconds: number;
  /** Average handle time (talk + wrap-up), seconds. */
  handleSeconds: number;
}

/** Offered traffic in Erlangs: arrival rate × handle time. */
export function trafficErlangs(w: Workload): number {
  if (!(w.intervalSeconds > 0) || !(w.handleSeconds >= 0) || !(w.calls >= 0)) throw new RangeError('calls ≥ 0, intervalSeconds > 0, handleSeconds ≥ 0');
  return (w.calls / w.intervalSeconds) * w.handleSeconds;
}

/** The probability that a call waits (is not answered at once) with `agents` agents and `erlangs` of traffic. 1 when the queue is unstable (agents ≤ traffic). */
export function probabilityOfWaiting(agents: number, erlangs: number): number {
  if (!Number.isInteger(agents) || agents < 0) throw new RangeError('agents must be a whole number ≥ 0');
  if (erlangs <= 0) return 0;
  if (agents <= erlangs) return 1;
  let b = 1;
  for (let n = 1; n <= agents; n++) b = (erlangs * b) / (n + erlangs * b);
  return (agents * b) / (agents - erlangs * (1 - b));
}

/** The share of calls answered within `targetSeconds` (0..1). */
export function serviceLevel(agents: number, w: Workload, targetSeconds: number): number {
  const a = trafficErlangs(w);
  if (a === 0) return 1;
  if (agents <= a) return 0;
  const pw = probabilityOfWaiting(agents, a);
  return 1 - pw * Math.exp((-(agents - a) * targetSeconds) / w.handleSeconds);
}

/** Average speed of answer, seconds (Infinity when the queue is unstable). */
export function averageSpeedOfAnswer(agents: number, w: Workload): number {
  const a = trafficErlangs(w);
  if (a === 0) return 0;
  if (agents <= a) return Number.POSITIVE_INFINITY;
  return (probabilityOfWaiting(agents, a) * w.handleSeconds) / (agents - a);
}

export interface StaffingTarget {
  /** e.g. 0.8 for "80 % answered within targetSeconds". */
  serviceLevel: number;
  targetSeconds: number;
}

export interface Staffing {
  /** The fewest agents that meet the target. */
  agents: number;
  /** The service level they give (0..1). */
  serviceLevel: number;
  erlangs: number;
  /** Probability that a call waits with that many agents. */
  probabilityOfWaiting: number;
  averageSpeedOfAnswer: number;
  /** Share of the agents' time on calls. */
  occupancy: number;
}

const MAX_AGENTS = 10_000;

/** The fewest agents meeting `target` for workload `w` (what the wallboard shows beside the agents ready). */
export function staffingFor(w: Workload, target: StaffingTarget): Staffing {
  if (!(target.serviceLevel > 0 && target.serviceLevel < 1)) throw new RangeError('serviceLevel must be between 0 and 1');
  if (!(target.targetSeconds >= 0)) throw new RangeError('targetSeconds must be ≥ 0');
  const a = trafficErlangs(w);
  let agents = Math.max(a === 0 ? 0 : 1, Math.floor(a) + (a === 0 ? 0 : 1));
  while (agents < MAX_AGENTS && serviceLevel(agents, w, target.targetSeconds) < target.serviceLevel) agents++;
  return {
    agents,
    serviceLevel: serviceLevel(agents, w, target.targetSeconds),
    erlangs: a,
    probabilityOfWaiting: probabilityOfWaiting(agents, a),
    averageSpeedOfAnswer: averageSpeedOfAnswer(agents, w),
    occupancy: agents === 0 ? 0 : a / agents,
  };
}

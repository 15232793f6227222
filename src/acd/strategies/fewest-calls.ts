import { byLongestIdle, type Strategy } from './candidate.ts';

/** The agent who has answered the fewest calls since logging in; ties to the longest idle. */
export const fewestCalls: Strategy = ({ candidates }) => [...candidates].sort((a, b) => a.callsAnswered - b.callsAnswered || byLongestIdle(a, b));

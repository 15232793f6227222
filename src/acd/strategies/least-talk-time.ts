import { byLongestIdle, type Strategy } from './candidate.ts';

/** The agent with the least talk time since logging in; ties to the longest idle. */
export const leastTalkTime: Strategy = ({ candidates }) => [...candidates].sort((a, b) => a.talkTimeMs - b.talkTimeMs || byLongestIdle(a, b));

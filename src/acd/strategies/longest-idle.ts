import { byLongestIdle, type Strategy } from './candidate.ts';

/** The default: the agent free the longest goes first — the fairest spread of work. */
export const longestIdle: Strategy = ({ candidates }) => [...candidates].sort(byLongestIdle);

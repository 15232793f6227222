import { byLongestIdle, type Strategy } from './candidate.ts';

/** The most proficient in the queue's skill first; ties to the longest idle. */
export const bestSkill: Strategy = ({ candidates }) => [...candidates].sort((a, b) => b.proficiency - a.proficiency || byLongestIdle(a, b));

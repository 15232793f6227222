import { byTopDown, type Strategy } from './candidate.ts';

/** Linear: always from the top of the list (tier, then level, then agent ID). */
export const topDown: Strategy = ({ candidates }) => [...candidates].sort(byTopDown);

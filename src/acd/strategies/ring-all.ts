import { byTopDown, type Strategy } from './candidate.ts';

/** Every free agent rings at once; the first to answer takes the call (the engine fans out). */
export const ringAll: Strategy = ({ candidates }) => [...candidates].sort(byTopDown);

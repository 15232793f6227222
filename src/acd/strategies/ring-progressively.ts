import { byTopDown, type Strategy } from './candidate.ts';

/**
 * Top-down, but the ringing adds up: the first agent rings, after the queue's step another starts
 * ringing too, and so on, until one answers (the engine adds one offer per step).
 */
export const ringProgressively: Strategy = ({ candidates }) => [...candidates].sort(byTopDown);

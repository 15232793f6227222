/**
 * "The trunk list changed", so in-process trunk directories reload at once. Store functions
 * announce their own committed writes; a caller that wraps them in its own transaction announces
 * after its commit (a reload before the commit would read the old list).
 */
import { Signal } from '../kernel/signal.ts';
import type { SignalListener } from '../kernel/signal.ts';

export type TrunksChangedListener = SignalListener;

export class TrunkChanges extends Signal {}

/** The process-wide channel. */
export const trunkChanges = new TrunkChanges();

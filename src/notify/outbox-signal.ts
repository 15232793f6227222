/**
 * "Something was enqueued", so the in-process outbox worker looks at once instead of at its next
 * poll. Inside a caller's transaction the row may not be visible yet; the worker's poll finds it
 * then, so a missed wake-up only costs one poll interval.
 */
import { Signal } from '../kernel/signal.ts';
import type { SignalListener } from '../kernel/signal.ts';

export type OutboxListener = SignalListener;

export class OutboxSignal extends Signal {}

export const outboxSignal = new OutboxSignal();

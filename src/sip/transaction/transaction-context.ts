// What a transaction state machine needs from the world: a clock, its timer values, a way to hand a
// message to the transport, and a way to be removed from the layer's table. Machines never touch
// sockets; the transaction layer implements this per transaction.
import type { Clock } from '../../kernel/clock.ts';
import type { SipRequest, SipResponse } from '../message/message.ts';
import type { TransactionTimers } from './timers.ts';

/**
 * Sends the same bytes to the same place again (a retransmission). It holds the serialized
 * message, not the message: a server transaction lingers 64*T1 after its final response only to
 * repeat it, and the bytes are a fraction of the parsed response's object graph.
 */
export type Resend = () => void;

export interface TransactionContext {
  readonly clock: Clock;
  readonly timers: TransactionTimers;
  /** Hands a message to the transport; failures come back through the machine's transportError(). */
  send(msg: SipRequest | SipResponse): Resend;
  /** Counts a retransmission the machine sent (stats, benchmark). */
  retransmitted(): void;
  /** The machine entered Terminated: remove it from the table. */
  terminated(): void;
}

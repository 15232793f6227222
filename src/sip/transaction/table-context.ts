// The TransactionContext the layer gives each machine: a class, not an object of closures, because
// a transaction lingers up to 64*T1 after its final response and at hundreds of calls per second
// every byte it keeps is multiplied by tens of thousands (closures made under tsx also carry a
// property array each for their `name`). One instance per transaction; it removes its own table
// entry and routes transport errors back to its machine.
import type { Clock } from '../../kernel/clock.ts';
import type { SipRequest, SipResponse } from '../message/message.ts';
import type { Source, Target } from '../transport/address.ts';
import type { TransactionTimers } from './timers.ts';
import type { Resend, TransactionContext } from './transaction-context.ts';
import type { TransportPort } from './transaction-ports.ts';

/** Where the machine's messages go: responses back to a request's source, requests to a target. */
export type Peer = { kind: 'server'; source: Source } | { kind: 'client'; target: Target };

export interface ContextShared {
  readonly clock: Clock;
  readonly transport: TransportPort;
  /** Retransmissions sent, all transactions together. */
  readonly counters: { retransmissions: number };
}

export class TableContext implements TransactionContext {
  /** The machine transport errors go back to; set right after the machine is built. */
  machine: { transportError(err: Error): void } | undefined;
  readonly #onError: (err: Error) => void;

  constructor(
    private readonly shared: ContextShared,
    readonly timers: TransactionTimers,
    private readonly peer: Peer,
    private readonly table: Map<string, unknown>,
    private readonly key: string,
  ) {
    this.#onError = (err) => this.machine?.transportError(err);
  }

  get clock(): Clock {
    return this.shared.clock;
  }

  send(msg: SipRequest | SipResponse): Resend {
    const transport = this.shared.transport;
    const onError = this.#onError;
    const peer = this.peer;
    // A transport that returns no Resend (a test double) gets the message again.
    if (peer.kind === 'server') {
      const res = msg as SipResponse;
      return transport.sendResponse(res, peer.source, onError) ?? (() => void transport.sendResponse(res, peer.source, onError));
    }
    const req = msg as SipRequest;
    return transport.sendRequest(req, peer.target, onError) ?? (() => void transport.sendRequest(req, peer.target, onError));
  }

  retransmitted(): void {
    this.shared.counters.retransmissions++;
  }

  terminated(): void {
    this.table.delete(this.key);
  }
}

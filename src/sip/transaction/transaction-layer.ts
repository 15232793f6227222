// The transaction layer (RFC 3261 §17): tables of client and server transactions, matching of
// incoming messages to them, CANCEL handling (§9.2) and the end-to-end 2xx retransmission
// (§13.3.1.4). Sockets are behind TransportPort; the TU behind TransactionUser.
import type { Clock } from '../../kernel/clock.ts';
import type { SipRequest, SipResponse } from '../message/message.ts';
import { createResponse } from '../message/create-response.ts';
import type { Source, Target } from '../transport/address.ts';
import { isReliable } from '../transport/address.ts';
import { AckWait } from './ack-wait.ts';
import { buildNon2xxAck } from './build-ack.ts';
import { buildCancel } from './build-cancel.ts';
import type { ClientTransactionHandlers } from './client-handlers.ts';
import { ClientTransactionHandle } from './client-transaction-handle.ts';
import { InviteClientTransaction } from './invite-client.ts';
import { InviteServerTransaction } from './invite-server.ts';
import { ackKeyOfRequest, ackKeyOfResponse, clientKeyOfRequest, clientKeyOfResponse, serverKey } from './matching.ts';
import { NonInviteClientTransaction } from './non-invite-client.ts';
import { NonInviteServerTransaction } from './non-invite-server.ts';
import { ServerTransactionHandle } from './server-transaction-handle.ts';
import type { TimerBase, TransactionTimers } from './timers.ts';
import { transactionTimers } from './timers.ts';
import { ServerEntry } from './server-entry.ts';
import type { ContextShared } from './table-context.ts';
import { TableContext } from './table-context.ts';
import type { TransactionUser, TransportPort } from './transaction-ports.ts';

export interface TransactionLayerOptions {
  clock: Clock;
  timers?: Partial<TimerBase>;
  /** §17.2.1 100 Trying delay (default 200 ms). */
  tryingDelay?: number;
}

export class TransactionLayer {
  readonly #clock: Clock;
  readonly #udpTimers: TransactionTimers;
  readonly #tcpTimers: TransactionTimers;
  readonly #servers = new Map<string, ServerEntry>();
  readonly #shared: ContextShared;
  /** Client transactions by §17.1.3 key. Only the machine is kept: it lets go of the request at the final response. */
  readonly #clients = new Map<string, InviteClientTransaction | NonInviteClientTransaction>();
  readonly #ackWaits = new Map<string, AckWait>();
  readonly #counters = { retransmissions: 0 };
  #statelessResponses = 0;

  constructor(
    private readonly transport: TransportPort,
    private readonly tu: TransactionUser,
    opts: TransactionLayerOptions,
  ) {
    this.#clock = opts.clock;
    this.#shared = { clock: opts.clock, transport, counters: this.#counters };
    this.#udpTimers = transactionTimers(opts.timers ?? {}, false, opts.tryingDelay);
    this.#tcpTimers = transactionTimers(opts.timers ?? {}, true, opts.tryingDelay);
  }

  stats(): { serverTransactions: number; clientTransactions: number; retransmissionsSent: number; pendingAcks: number; statelessResponses: number } {
    return {
      statelessResponses: this.#statelessResponses,
      serverTransactions: this.#servers.size,
      clientTransactions: this.#clients.size,
      retransmissionsSent: this.#counters.retransmissions,
      pendingAcks: this.#ackWaits.size,
    };
  }

  // ---- server side ------------------------------------------------------------------------

  receiveRequest(req: SipRequest, source: Source): void {
    if (req.method === 'ACK') return this.#receiveAck(req, source);
    const k = serverKey(req, source.transport);
    const existing = this.#servers.get(k.key);
    if (existing !== undefined && (!k.legacy || existing.requestToTag === k.legacyToTag)) {
      // A retransmission: the transaction absorbs it (§17.2.1, §17.2.2).
      const m = existing.machine;
      if (m instanceof InviteServerTransaction) m.receiveInvite();
      else m.receiveRequest();
      return;
    }
    const { entry, handle } = this.#createServer(req, source, k.key, k.legacy, k.legacyToTag);
    if (req.method === 'CANCEL') return this.#receiveCancel(handle);
    if (entry.machine instanceof InviteServerTransaction) entry.machine.start();
    this.tu.onRequest(handle);
  }

  #createServer(
    req: SipRequest,
    source: Source,
    key: string,
    legacy: boolean,
    toTag: string | null | undefined,
  ): { entry: ServerEntry; handle: ServerTransactionHandle } {
    const ctx = new TableContext(this.#shared, this.#timersFor(isReliable(source.transport)), { kind: 'server', source }, this.#servers, key);
    const entry = new ServerEntry(source, legacy, toTag);
    const machine = req.method === 'INVITE' ? new InviteServerTransaction(req, ctx, entry) : new NonInviteServerTransaction(req, ctx, entry);
    ctx.machine = machine;
    entry.machine = machine;
    const handle = new ServerTransactionHandle(req, source, machine, (res, h) => this.#responded(entry, res, h), (res, h) => this.#respondStatelessly(entry, res, h));
    entry.handle = handle;
    this.#servers.set(key, entry);
    return { entry, handle };
  }

  #responded(entry: ServerEntry, res: SipResponse, handle: ServerTransactionHandle): void {
    if (handle.request.method === 'INVITE' && res.status >= 200 && res.status < 300) this.#start2xxRetransmission(res, handle);
    if (entry.legacy) entry.responseToTag = res.headers.to().params.get('tag') ?? null;
    if (res.status >= 200) entry.handle = undefined;
  }

  /**
   * One send, then the transaction is gone (its timers too, so no 100 Trying follows): a
   * retransmitted request makes a new transaction and is answered afresh, once per datagram.
   */
  #respondStatelessly(entry: ServerEntry, res: SipResponse, handle: ServerTransactionHandle): void {
    this.#statelessResponses++;
    entry.handle = undefined;
    entry.machine.destroy();
    this.transport.sendResponse(res, handle.source, () => undefined);
  }

  /**
   * §9.2: "the CANCEL request [is matched] using the procedures of Section 17.2.3 ... If the UAS
   * did not find a matching transaction for the CANCEL according to the procedure above, it SHOULD
   * respond to the CANCEL with a 481 (Call Leg/Transaction Does Not Exist). If the transaction for
   * the original request still exists, the behavior of the UAS on receiving a CANCEL request depends
   * on whether it has already sent a final response for the original request. If it has, the
   * CANCEL request has no effect on the processing of the original request ... If the original
   * request was an INVITE, the UAS SHOULD immediately respond to the INVITE with a 487 (Request
   * Terminated) [which is the TU's job]. ... the CANCEL request [is answered] with a 200 (OK)."
   */
  #receiveCancel(cancelTx: ServerTransactionHandle): void {
    const cancel = cancelTx.request;
    const k = serverKey(cancel, cancelTx.source.transport, 'INVITE');
    const invite = this.#servers.get(k.key);
    const matches = invite !== undefined && (!k.legacy || invite.requestToTag === k.legacyToTag);
    cancelTx.respond(createResponse(cancel, matches ? 200 : 481));
    // After the INVITE's final response its handle is gone: the CANCEL then has no effect (§9.2).
    if (matches) invite.handle?.cancel(cancel);
  }

  #receiveAck(ack: SipRequest, source: Source): void {
    const k = serverKey(ack, source.transport);
    const entry = this.#servers.get(k.key);
    if (entry !== undefined && entry.machine instanceof InviteServerTransaction) {
      const ourTag = entry.responseToTag ?? null;
      if ((!k.legacy || ourTag === k.legacyToTag) && entry.machine.receiveAck()) return;
    }
    // An ACK for a 2xx: a transaction of its own from the UAC's view, end-to-end (§13.2.2.4).
    this.#ackWaits.get(ackKeyOfRequest(ack))?.acked();
    this.tu.onAck(ack, source);
  }

  #start2xxRetransmission(res: SipResponse, handle: ServerTransactionHandle): void {
    const key = ackKeyOfResponse(res);
    const existing = this.#ackWaits.get(key);
    if (existing !== undefined) return existing.replace(res);
    const source = handle.source;
    const wait = new AckWait(res, this.#clock, this.#timersFor(isReliable(source.transport)), {
      send: (r) => this.transport.sendResponse(r, source, (err) => handle.onTransportError?.(err)),
      retransmitted: () => this.#counters.retransmissions++,
      finished: () => this.#ackWaits.delete(key),
      timedOut: () => handle.onAckTimeout?.(),
    });
    this.#ackWaits.set(key, wait);
    wait.start();
  }

  // ---- client side ------------------------------------------------------------------------

  /** Starts a client transaction for a request whose top Via (with branch) is already set. */
  sendRequest(req: SipRequest, target: Target, handlers: ClientTransactionHandlers): ClientTransactionHandle {
    const key = clientKeyOfRequest(req);
    const handle = new ClientTransactionHandle(req, (h) => this.#sendCancel(h, target));
    const ctx = new TableContext(this.#shared, this.#timersFor(isReliable(target.transport)), { kind: 'client', target }, this.#clients, key);
    // The handle (and its request) is reachable from the machine only until the final response.
    const box: { handle?: ClientTransactionHandle } = { handle };
    const wrapped = wrapHandlers(handlers, box);
    const machine =
      req.method === 'INVITE'
        ? new InviteClientTransaction(req, ctx, wrapped, buildNon2xxAck)
        : new NonInviteClientTransaction(req, ctx, wrapped);
    ctx.machine = machine;
    handle.machine = machine;
    this.#clients.set(key, machine);
    machine.start();
    return handle;
  }

  /** §9.1: "The CANCEL request ... MUST be sent to the same destination as the original request." */
  #sendCancel(handle: ClientTransactionHandle, target: Target): void {
    const machine = handle.machine;
    if (!(machine instanceof InviteClientTransaction)) return;
    machine.cancelSent();
    this.sendRequest(buildCancel(handle.request), target, { onFinal: () => undefined });
  }

  /** A CANCEL the TU built itself (buildCancel) and sent: start the INVITE's 64*T1 guard. */
  noteCancelSent(cancel: SipRequest): void {
    const invite = this.#clients.get(clientKeyOfRequest(cancel).replace(/\|CANCEL$/, '|INVITE'));
    if (invite instanceof InviteClientTransaction) invite.cancelSent();
  }

  receiveResponse(res: SipResponse, source: Source): void {
    const key = clientKeyOfResponse(res);
    const machine = key === undefined ? undefined : this.#clients.get(key);
    if (machine === undefined) return this.tu.onStrayResponse(res, source);
    machine.receiveResponse(res);
  }

  // ---- shared -----------------------------------------------------------------------------

  #timersFor(reliable: boolean): TransactionTimers {
    return reliable ? this.#tcpTimers : this.#udpTimers;
  }

  /** Ends every transaction and 2xx retransmission without telling the TU (endpoint close). */
  destroy(): void {
    for (const e of [...this.#servers.values()]) e.machine.destroy();
    for (const m of [...this.#clients.values()]) m.destroy();
    for (const w of [...this.#ackWaits.values()]) w.destroy();
  }
}

/**
 * The TU's handlers as the machine sees them: the final response also lets go of the handle, and
 * a provisional response may release a CANCEL held back (§9.1). A function of its own on purpose:
 * closures made in sendRequest share one V8 context, and the ones the table keeps for 64*T1
 * (`terminated`) must not share it with `handlers`, which close over the TU's whole call.
 */
function wrapHandlers(handlers: ClientTransactionHandlers, box: { handle?: ClientTransactionHandle }): ClientTransactionHandlers {
  return {
    ...handlers,
    onFinal: (res) => {
      box.handle = undefined;
      handlers.onFinal(res);
    },
    onProvisional: (res) => {
      handlers.onProvisional?.(res);
      box.handle?.provisionalReceived();
    },
  };
}

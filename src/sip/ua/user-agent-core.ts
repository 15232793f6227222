/**
 * The UA core (RFC 3261 §8, §12): sits on the transaction layer, answers what needs no
 * application (OPTIONS keepalives, requests for unknown dialogs), routes in-dialog requests to
 * their dialog's owner and everything else to the application.
 */
import type { SipRequest } from '../message/message.ts';
import type { NameAddr } from '../message/name-addr.ts';
import type { Uri } from '../message/uri.ts';
import { createResponse } from '../message/create-response.ts';
import { validateRequest } from '../message/validate-request.ts';
import type { Dialog } from '../dialog/dialog.ts';
import { dialogKey } from '../dialog/dialog.ts';
import type { ClientTransaction, ClientTransactionHandlers, ServerTransaction, Source, Target } from '../endpoint/sip-endpoint-types.ts';
import type { SipEndpoint } from '../endpoint/sip-endpoint.ts';
import type { TransportName } from '../transport/address.ts';

/** The application: requests outside any dialog. */
export interface UasApplication {
  onRequest(tx: ServerTransaction): void;
}

/** The owner of a dialog (a call leg): requests and 2xx-ACKs inside it. */
export interface DialogOwner {
  onDialogRequest(tx: ServerTransaction, dialog: Dialog): void;
  onDialogAck(ack: SipRequest, dialog: Dialog): void;
}

export const ALLOWED_METHODS = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, REGISTER';

/** Request-URI schemes we serve (§8.2.2.1: others get 416). */
const URI_SCHEMES = ['sip', 'sips', 'tel'];

export class UserAgentCore {
  private readonly dialogs = new Map<string, { dialog: Dialog; owner: DialogOwner }>();
  application: UasApplication | undefined;

  constructor(
    readonly endpoint: SipEndpoint,
    /** userAgent: the Server header of our answers; none by default, so scanners (svmap) cannot name the product. */
    private readonly opts: { userAgent?: string } = {},
  ) {
    endpoint.onRequest = (tx) => this.dispatch(tx);
    endpoint.onAck = (ack, source) => this.dispatchAck(ack, source);
  }

  /**
   * Our Contact: where peers send in-dialog requests. A dialog over TCP says `transport=tcp`
   * (§19.1.1: without it a peer resolves the URI to UDP, and a TCP-only trunk cannot reach us).
   */
  contact(transport: TransportName = 'udp', user = 'hotline'): NameAddr {
    const params = new Map<string, string | null>(transport === 'udp' ? [] : [['transport', transport]]);
    return { uri: { kind: 'sip', scheme: 'sip', user, host: this.endpoint.address, port: this.endpoint.port, params, headers: new Map() }, params: new Map() };
  }

  addDialog(dialog: Dialog, owner: DialogOwner): void {
    this.dialogs.set(dialog.id, { dialog, owner });
  }

  removeDialog(dialog: Dialog): void {
    this.dialogs.delete(dialog.id);
  }

  /**
   * The owner of the confirmed dialog with this Call-ID and tags, if any: what a Replaces header
   * (RFC 3891 §3) names. Not on the per-request path; asked only by REFER/INVITE with Replaces.
   */
  dialogOwner(callId: string, localTag: string, remoteTag: string): DialogOwner | undefined {
    return this.dialogs.get(dialogKey(callId, localTag, remoteTag))?.owner;
  }

  get dialogCount(): number {
    return this.dialogs.size;
  }

  /** Sends a request; the next hop is the first Route (loose routing) or the Request-URI (§8.1.2). */
  send(req: SipRequest, handlers: ClientTransactionHandlers, target?: Target): ClientTransaction {
    return this.endpoint.sendRequest(req, target ?? this.nextHop(req), handlers);
  }

  sendAck(ack: SipRequest, target?: Target): void {
    this.endpoint.sendAck(ack, target ?? this.nextHop(ack));
  }

  nextHop(req: SipRequest): Target {
    const routes = req.headers.has('Route') ? req.headers.route() : [];
    const first = routes[0];
    return targetOfUri(first ? first.uri : req.uri);
  }

  private dispatch(tx: ServerTransaction): void {
    const req = tx.request;
    // §8.2: the UAS checks method, URI scheme, Max-Forwards (483), Require (420: we support no
    // extension option tags) and the rest before anything else looks at the request.
    const problem = validateRequest(req, { schemes: URI_SCHEMES });
    if (problem) {
      const res = createResponse(req, problem.status, problem.reason);
      if (problem.unsupported) res.headers.set('Unsupported', problem.unsupported.join(', '));
      tx.respond(res);
      return;
    }
    const toTag = req.headers.to().params.get('tag');
    if (toTag) {
      const entry = this.dialogs.get(dialogKey(req.headers.callId(), toTag, req.headers.from().params.get('tag') ?? ''));
      if (!entry) {
        // §12.2.2: "If the UAS receives a request […] with a To tag that does not match an existing
        // dialog, it […] SHOULD respond with a 481 (Call/Transaction Does Not Exist)". OPTIONS is
        // still answered, since some peers probe liveness inside a dialog that has ended.
        tx.respond(createResponse(req, req.method === 'OPTIONS' ? 200 : 481));
        return;
      }
      const refusal = entry.dialog.acceptRemoteRequest(req);
      if (refusal) {
        tx.respond(createResponse(req, refusal.status, refusal.reason));
        return;
      }
      entry.owner.onDialogRequest(tx, entry.dialog);
      return;
    }
    if (req.method === 'OPTIONS') {
      // §11.2: the response to OPTIONS lists our capabilities.
      const res = createResponse(req, 200);
      res.headers.set('Allow', ALLOWED_METHODS);
      res.headers.set('Accept', 'application/sdp');
      if (this.opts.userAgent !== undefined) res.headers.set('Server', this.opts.userAgent);
      tx.respond(res);
      return;
    }
    if (req.method === 'BYE' || req.method === 'INFO' || req.method === 'UPDATE') {
      tx.respond(createResponse(req, 481));
      return;
    }
    if (!this.application) {
      tx.respond(createResponse(req, 503, 'Starting'));
      return;
    }
    this.application.onRequest(tx);
  }

  private dispatchAck(ack: SipRequest, _source: Source): void {
    const toTag = ack.headers.to().params.get('tag');
    if (!toTag) return;
    const entry = this.dialogs.get(dialogKey(ack.headers.callId(), toTag, ack.headers.from().params.get('tag') ?? ''));
    // An ACK for nothing we know is dropped: ACK never gets a response (§17.2.3).
    entry?.owner.onDialogAck(ack, entry.dialog);
  }
}

/**
 * Where to send a request for a URI. Platform peers are addressed by IP (trunks, registered
 * contacts); a `maddr` or `transport` parameter is honoured. Names are resolved by the endpoint.
 */
export function targetOfUri(uri: Uri): Target {
  if (uri.kind !== 'sip') throw new Error(`cannot route to a ${uri.scheme}: URI`);
  const named = (uri.params.get('transport') ?? 'udp').toLowerCase();
  const transport: TransportName = named === 'tcp' || named === 'ws' || named === 'wss' ? named : 'udp';
  const host = uri.params.get('maddr') ?? uri.host;
  return { transport, host, port: uri.port ?? 5060 };
}

/**
 * SIP without sockets: an in-memory network of named addresses. The platform's endpoint sits on it
 * through `SipEndpoint.over` (its transaction layer, UA core and B2BUA run unchanged); the far ends
 * are `ScriptedPeer`s a test drives message by message. Every message crosses the network as bytes
 * (serialised, then parsed again), so what a peer sees is what a real phone would.
 *
 * Delivery happens on a later turn of the event loop (setImmediate), never inside the sender's
 * call, and takes no time: SIP timers run on the harness's fake clock, which only the test moves.
 */
import type { EndpointTransport, MessageReceiver } from '../../../src/sip/endpoint/sip-endpoint.ts';
import type { Source, Target } from '../../../src/sip/transport/address.ts';
import type { SipMessage, SipRequest, SipResponse } from '../../../src/sip/message/message.ts';
import { parseMessage } from '../../../src/sip/message/parse-message.ts';
import { serializeMessage } from '../../../src/sip/message/serialize-message.ts';
import { responseDestination, stampReceived } from '../../../src/sip/transport/via-rules.ts';

export interface SipAddress {
  host: string;
  port: number;
}

type Inbox = (bytes: Buffer, from: Source) => void;

const key = (a: SipAddress): string => `${a.host}:${a.port}`;

export class InMemorySipNetwork {
  readonly #nodes = new Map<string, Inbox>();
  /** Messages sent to an address nobody is at (UDP into the void): kept for the test to look at. */
  readonly undelivered: { to: SipAddress; message: string }[] = [];
  #inFlight = 0;

  /** Sends bytes from one address to another; a datagram to nobody is lost, as on UDP. */
  send(from: SipAddress, to: SipAddress, bytes: Buffer): void {
    this.#inFlight++;
    setImmediate(() => {
      this.#inFlight--;
      const inbox = this.#nodes.get(key(to));
      if (!inbox) {
        this.undelivered.push({ to, message: bytes.toString('latin1') });
        return;
      }
      inbox(bytes, { transport: 'udp', address: from.host, port: from.port });
    });
  }

  attach(at: SipAddress, inbox: Inbox): void {
    if (this.#nodes.has(key(at))) throw new Error(`${key(at)} is taken on the in-memory network`);
    this.#nodes.set(key(at), inbox);
  }

  detach(at: SipAddress): void {
    this.#nodes.delete(key(at));
  }

  /** Resolves once no message is in flight (each delivery may send more; those are waited for too). */
  async settle(): Promise<void> {
    for (let i = 0; i < 1000; i++) {
      await new Promise((r) => setImmediate(r));
      if (this.#inFlight === 0) return;
    }
    throw new Error('in-memory SIP network: messages keep flowing');
  }

  /** The transport `SipEndpoint.over` opens: UDP semantics at `at`, §18.2.2 for responses. */
  transport(at: SipAddress): (receiver: MessageReceiver) => Promise<EndpointTransport> {
    return async (receiver) => {
      let parseErrors = 0;
      this.attach(at, (bytes, source) => {
        let msg: SipMessage;
        try {
          msg = parseMessage(bytes);
        } catch {
          parseErrors++;
          return;
        }
        if (msg.kind === 'request') {
          stampReceived(msg, source, false);
          receiver.request(msg, source);
        } else receiver.response(msg, source);
      });
      const sendResponse = (res: SipResponse): (() => void) => {
        const bytes = serializeMessage(res);
        const send = (): void => {
          const dest = responseDestination(res);
          if (dest) this.send(at, dest, bytes);
        };
        send();
        return send;
      };
      return {
        port: at.port,
        tcpConnections: 0,
        get parseErrors() {
          return parseErrors;
        },
        internalErrors: 0,
        onInternalError: () => undefined,
        sendRequest: (req: SipRequest, target: Target) => {
          const bytes = serializeMessage(req);
          const send = (): void => this.send(at, { host: target.host, port: target.port }, bytes);
          send();
          return send;
        },
        sendResponse,
        close: async () => this.detach(at),
      };
    };
  }
}

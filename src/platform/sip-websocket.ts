/**
 * SIP over WebSocket (RFC 7118) on the platform's HTTP port: upgrades to `/sip` that ask for the
 * `sip` subprotocol are handed to the SIP endpoint's WebSocket transport (sip/ knows no HTTP
 * server). Over HTTPS (HOTLINE_TLS_CERT) they are `wss`. Authentication is SIP's own (digest on
 * REGISTER and INVITE, as for desk phones), not the web session's.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { SipEndpoint } from '../sip/endpoint/sip-endpoint.ts';

export const SIP_WEBSOCKET_PATH = '/sip';

/** Largest WebSocket message taken (one SIP message each; the endpoint answers 513 above its own limit). */
const MAX_PAYLOAD = 64 * 1024;

export interface UpgradeRoute {
  handles(req: IncomingMessage): boolean;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

export function sipWebSocketRoute(endpoint: SipEndpoint, secure: boolean): UpgradeRoute {
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, handleProtocols: (offered) => (offered.has('sip') ? 'sip' : false) });
  return {
    handles: (req) => (req.url ?? '').split('?')[0] === SIP_WEBSOCKET_PATH,
    upgrade(req, socket, head) {
      // RFC 7118 §4.1: the client MUST offer the "sip" subprotocol; anything else is refused.
      const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim().toLowerCase());
      if (!offered.includes('sip')) {
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nThe SIP WebSocket needs the "sip" subprotocol (RFC 7118)\n');
        return;
      }
      server.handleUpgrade(req, socket, head, (ws) => {
        const address = unmapped(req.socket.remoteAddress ?? '');
        endpoint.acceptWebSocket(ws, { address, port: req.socket.remotePort ?? 0 }, secure);
      });
    },
    close: () => {
      for (const client of server.clients) client.terminate();
      server.close();
    },
  };
}

/** `::ffff:192.0.2.1` (an IPv4 peer on a dual-stack socket) → `192.0.2.1`, as UDP and TCP report it. */
function unmapped(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

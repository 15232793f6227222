/**
 * The HTTP listener — plain HTTP, or HTTPS with the platform's own certificate
 * (`HOTLINE_TLS_CERT`/`HOTLINE_TLS_KEY`): `GET /healthz` answered here (no auth; only up or down,
 * so it tells an outsider nothing about the load), everything else handed to the Fastify API's router
 * (WebSocket upgrades included).
 */
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { securityHeaders } from '../api/security-headers.ts';
import type { UpgradeRoute } from './sip-websocket.ts';

export interface HttpListenOptions {
  address: string;
  port: number;
  /** True when the platform can serve (its store answers); false makes /healthz a 503. */
  healthy: () => Promise<boolean>;
  /** PEM certificate chain and key: serve HTTPS instead of HTTP. */
  tls?: { cert: Buffer; key: Buffer };
  /** WebSocket upgrades served outside Fastify (the SIP WebSocket at /sip); given whether the server is HTTPS. */
  upgrades?: (https: boolean) => UpgradeRoute[];
}

export async function listenHttp(app: FastifyInstance, opts: HttpListenOptions): Promise<{ server: Server; port: number; https: boolean }> {
  const https = opts.tls !== undefined;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && (req.url === '/healthz' || req.url?.startsWith('/healthz?'))) {
      const headers = securityHeaders({ https, host: req.headers.host });
      opts.healthy().then(
        (up) => send(res, up ? 200 : 503, { status: up ? 'up' : 'down' }, headers),
        () => send(res, 503, { status: 'down' }, headers),
      );
      return;
    }
    app.routing(req, res);
  };
  const server: Server = opts.tls ? (createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, handler) as unknown as Server) : createHttpServer(handler);
  // WebSocket handshakes: the SIP WebSocket to the SIP endpoint, the rest (the event feed) to
  // Fastify's own server, where @fastify/websocket listens.
  const routes = opts.upgrades?.(https) ?? [];
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    const route = routes.find((r) => r.handles(req));
    if (route) route.upgrade(req, socket, head);
    else app.server.emit('upgrade', req, socket, head);
  });
  server.on('close', () => {
    for (const r of routes) r.close();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port, https };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

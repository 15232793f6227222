/**
 * The HTTP listener: `GET /healthz` answered here (no auth, no database round trip unless the
 * check needs one), everything else handed to the Fastify API's router.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface HealthReport {
  ok: boolean;
  [key: string]: unknown;
}

export async function listenHttp(app: FastifyInstance, opts: { address: string; port: number; health: () => Promise<HealthReport> }): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/healthz' || req.url?.startsWith('/healthz?'))) {
      opts.health().then(
        (report) => send(res, report.ok ? 200 : 503, report),
        (err: unknown) => send(res, 503, { ok: false, error: (err as Error).message }),
      );
      return;
    }
    app.routing(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}

function send(res: import('node:http').ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

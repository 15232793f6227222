/**
 * The web app (web/, built into web/dist by scripts/build-web.mjs) served by the API's own Fastify
 * at `/`: hashed files under /assets/ are cached for a year (immutable: a new build has new names),
 * everything else — index.html above all — is revalidated on every load (no-cache), so a new build
 * reaches browsers at once. A GET that asks for HTML and matches no file or route gets index.html
 * (the app's router takes the path from there); /api stays JSON, /healthz stays the listener's.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm start` builds the app. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

export function hasWebApp(root: string): boolean {
  return existsSync(join(root, 'index.html'));
}

export async function registerWebApp(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    decorateReply: false,
    cacheControl: false,
    // scripts/build-web.mjs leaves .br and .gz beside each asset: sent as the browser accepts.
    preCompressed: true,
    // The API's routes win over the wildcard; /api/* never falls through to files.
    allowedPath: (path) => !path.startsWith('/api/') && path !== '/api',
    setHeaders: (res, path) => {
      res.setHeader('cache-control', path.includes(`${join(root, 'assets')}`) ? IMMUTABLE : REVALIDATE);
    },
  });
}

/** True for a browser navigation the app's router should answer (not the API, not a file fetch). */
export function wantsAppPage(req: FastifyRequest): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = req.url.split('?')[0] ?? '';
  if (path === '/api' || path.startsWith('/api/') || path.startsWith('/assets/')) return false;
  return /text\/html/.test(String(req.headers.accept ?? ''));
}

export async function sendAppPage(reply: FastifyReply, root: string): Promise<FastifyReply> {
  const html = await readFile(join(root, 'index.html'));
  return reply.code(200).type('text/html; charset=utf-8').header('cache-control', REVALIDATE).send(html);
}

/**
 * A bare page with the web app's softphone (web/src/features/softphone) bundled as the app would
 * bundle it (esbuild, Vite's own) and exposed as `window.Softphone`, plus a muted <audio id="remote">
 * for the far end: a browser phone for tests that need one without a whole page of the app.
 */
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface SoftphonePage {
  url: string;
  close(): void;
}

export async function serveSoftphonePage(): Promise<SoftphonePage> {
  const entry = fileURLToPath(new URL('../../web/src/features/softphone/index.ts', import.meta.url));
  const out = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', globalName: 'Softphone', platform: 'browser', target: 'chrome110' });
  const script = out.outputFiles[0]?.text ?? '';
  const server = createServer((req, res) => {
    if (req.url === '/softphone.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><meta charset="utf-8"><title>softphone</title><audio id="remote" muted></audio><script src="/softphone.js"></script>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, close: () => server.close() };
}

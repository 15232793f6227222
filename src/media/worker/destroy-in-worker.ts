// Destroying a proxied endpoint or conference: ask its worker, and treat a dead worker as done
// (it took the object with it), and an object the worker no longer has (the engine closing took
// it first): destroy is idempotent. The proxy is marked gone either way.

import { MediaError } from '../media-error.ts';

export async function destroyInWorker(request: () => Promise<unknown>, gone: () => void): Promise<void> {
  try {
    await request();
  } catch (err) {
    if (!(err instanceof MediaError && (err.code === 'backend' || err.code === 'destroyed'))) throw err;
  } finally {
    gone();
  }
}

/** `hotline start`: runs the platform until SIGINT/SIGTERM, then stops cleanly. */
import { loadSettings } from '../config/settings.ts';
import { startPlatform } from '../platform/platform.ts';

export async function startCommand(): Promise<number> {
  const settings = loadSettings();
  // A promise some corner of the platform forgot to handle must not take every call down with
  // the process (node's default): it is logged, loudly, and the calls go on.
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`unhandled rejection (the platform keeps running; please report): ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`);
  });
  const platform = await startPlatform(settings);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      process.stdout.write(`${signal}: stopping (ending calls, closing the store)…\n`);
      resolve();
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
  await platform.stop();
  return 0;
}

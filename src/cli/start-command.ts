/** `hotline start`: runs the platform until SIGINT/SIGTERM, then stops cleanly. */
import { loadSettings } from '../config/settings.ts';
import { startPlatform } from '../platform/platform.ts';

export async function startCommand(): Promise<number> {
  const settings = loadSettings();
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

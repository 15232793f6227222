/** Runs the real `hotline start` as a child process (for crash tests: it can be SIGKILLed). */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/hotline.mjs', import.meta.url));

/**
 * `ready` resolves with what it printed once it says it is up; rejects if it exits first.
 * `output()` is everything printed so far (the first-start lines follow 'Hotline is up').
 */
export function startHotline(env: Record<string, string>): { child: ChildProcess; ready: Promise<string>; output: () => string } {
  const child = spawn(process.execPath, [bin, 'start'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('Hotline is up')) resolve(out);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`hotline exited ${code}:\n${out}`)));
  });
  return { child, ready, output: () => out };
}

/** Starts `hotline start`, waits until it is up, stops it (SIGTERM) and returns what it printed: a restart after a crash. */
export async function startAndStop(env: Record<string, string>): Promise<string> {
  const run = startHotline(env);
  try {
    return await run.ready;
  } finally {
    run.child.kill('SIGTERM');
    if (run.child.exitCode === null) await new Promise((r) => run.child.once('exit', r));
  }
}

// One request/answer over a forked child's IPC channel: sends `msg`, resolves the first message
// of type `reply`, rejects if the child exits first.

import type { ChildProcess } from 'node:child_process';

export function askChild<T>(child: ChildProcess, msg: object, reply: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`child exited (${code}) waiting for ${reply}`));
    const onMsg = (m: unknown): void => {
      if ((m as { type?: string }).type !== reply) return;
      child.off('message', onMsg);
      child.off('exit', onExit);
      resolve(m as T);
    };
    child.on('message', onMsg);
    child.once('exit', onExit);
    child.send(msg);
  });
}

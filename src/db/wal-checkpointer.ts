/**
 * SQLite in WAL mode copies the log back into the database file (a checkpoint) inside whichever
 * commit takes the log past 1 000 pages, and fsyncs both files there: 1–16 ms on this machine's
 * virtual disk, on the thread that committed, which for call records is the SIP thread in the
 * middle of other calls' setup (the post-dial delay's tail). The platform turns the automatic
 * checkpoint off on its connection and checkpoints from a worker thread with its own connection
 * to the same file instead. Durability is unchanged: in WAL mode a commit is safe once it is in
 * the log, whoever checkpoints it later.
 */
import { Worker } from 'node:worker_threads';

export interface CheckpointResult {
  /** 1 when a reader or writer kept part of the log from being copied this time. */
  readonly busy: number;
  /** Pages in the log, and how many of them are in the database file now. */
  readonly log: number;
  readonly checkpointed: number;
}

export interface WalCheckpointerOptions {
  /** How often to checkpoint (default 1 s: the log stays at about a second of writes). */
  intervalMs?: number;
  /** The checkpointer stopped unexpectedly: the caller turns automatic checkpoints back on. */
  onFailure?(err: Error): void;
  /** Every checkpoint's outcome (tests, diagnostics). */
  onCheckpoint?(result: CheckpointResult): void;
}

type WorkerMessage = ({ type: 'checkpointed' } & CheckpointResult) | { type: 'failed'; message: string } | { type: 'ready' };

export class WalCheckpointer {
  private stopping = false;

  private constructor(private readonly worker: Worker) {}

  /** Starts the thread; resolves once its connection is open. */
  static start(file: string, opts: WalCheckpointerOptions = {}): Promise<WalCheckpointer> {
    const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), { workerData: { file, intervalMs: opts.intervalMs ?? 1000 } });
    const checkpointer = new WalCheckpointer(worker);
    return new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready') {
          worker.off('error', reject);
          worker.on('error', (err) => opts.onFailure?.(err));
          worker.on('exit', () => {
            if (!checkpointer.stopping) opts.onFailure?.(new Error('the checkpoint thread exited'));
          });
          // A background helper: it must not keep the process alive.
          worker.unref();
          resolve(checkpointer);
        } else if (m.type === 'checkpointed') opts.onCheckpoint?.(m);
      });
    });
  }

  /** Checkpoints now (tests; normally the timer does). */
  checkpointNow(): void {
    this.worker.postMessage('checkpoint');
  }

  /** Closes the thread's connection; the last connection to close checkpoints the rest. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    // Unreferenced, the thread would let the process end before it has closed its connection.
    this.worker.ref();
    this.worker.postMessage('stop');
    await exited;
  }
}

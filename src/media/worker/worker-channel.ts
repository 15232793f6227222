// The main thread's end of one media worker: starts the thread, numbers requests and matches
// replies, routes events to the endpoint and conference proxies, and fails every pending request
// with MediaError('backend') when the thread dies, so no caller waits forever.

import { Worker } from 'node:worker_threads';
import { MediaError } from '../media-error.ts';
import { fromWireError } from './wire-error.ts';
import type { FromWorker, SpareInit, ToWorker, WireEndpointEvent, WorkerInit, WorkerRequest } from './worker-protocol.ts';

/** 'spare': a thread started ahead that waits to take over a crashed worker's slice (adopt). */
export type ChannelState = 'spare' | 'starting' | 'running' | 'closing' | 'dead';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/** Where a channel delivers what its worker says unasked. */
export interface ChannelDelegate {
  endpointEvent(endpointId: string, event: WireEndpointEvent): void;
  conferenceMembers(conferenceId: string, members: string[]): void;
  /** The worker died (crash, exit, terminate) other than by close(); `wasRunning` once it had started. */
  died(channel: WorkerChannel, reason: string, wasRunning: boolean): void;
}

const BOOTSTRAP = new URL('./media-worker-bootstrap.mjs', import.meta.url);
const ENTRY = new URL('./media-worker.ts', import.meta.url).href;

export class WorkerChannel {
  state: ChannelState = 'starting';
  /** Live endpoints placed on this worker (placement load). */
  endpoints = 0;
  private readonly worker: Worker;
  private readonly startedThreadId: number;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  readonly ready: Promise<void>;

  /**
   * `init` undefined: a spare thread, which loads everything and waits for adopt(). A worker's
   * `index` is the slice it serves (a spare gets its index when it adopts one).
   */
  constructor(
    public index: number,
    init: Omit<WorkerInit, 'entry' | 'index'> | undefined,
    private readonly delegate: ChannelDelegate,
  ) {
    const workerData: WorkerInit | SpareInit = init ? { ...init, entry: ENTRY, index } : { entry: ENTRY, spare: true };
    if (!init) this.state = 'spare';
    // No Node flags: a worker inherits the parent's by default and refuses some outright
    // (`--expose-gc`, `--input-type` of `node -e`); the bootstrap registers tsx itself.
    this.worker = new Worker(BOOTSTRAP, { workerData, name: init ? `hotline-media-${index}` : 'hotline-media-spare', execArgv: [] });
    this.startedThreadId = this.worker.threadId;
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.on('message', (msg: FromWorker) => {
        if (msg.kind === 'ready') {
          if (this.state === 'starting') this.state = 'running';
          resolve();
        } else if (msg.kind !== 'spare-ready') this.receive(msg);
      });
      this.worker.on('error', (err) => {
        reject(new MediaError('backend', `media worker ${index} failed to start: ${err.message}`));
        this.die(`crashed: ${err.message}`);
      });
      this.worker.on('exit', (code) => {
        reject(new MediaError('backend', `media worker ${index} exited (code ${code}) before it was ready`));
        this.die(`exited with code ${code}`);
      });
    });
    // Handled by whoever awaits `ready`; never an unhandled rejection of its own.
    this.ready.catch(() => undefined);
  }

  /** The worker's thread id (kept: Node reports -1 once the thread has exited). */
  get threadId(): number {
    return this.startedThreadId;
  }

  /** A spare thread takes over the slice `init` describes; `ready` resolves once it serves it. */
  adopt(index: number, init: Omit<WorkerInit, 'entry' | 'index'>): void {
    if (this.state !== 'spare') throw new Error(`media worker ${this.index} is not a spare`);
    this.index = index;
    this.state = 'starting';
    this.post({ kind: 'adopt', init: { ...init, entry: ENTRY, index } });
  }

  /** Sends a request; resolves its reply value (typed by the caller, who knows the request). */
  request<T>(request: WorkerRequest): Promise<T> {
    if (this.state === 'dead') return Promise.reject(new MediaError('backend', `media worker ${this.index} is gone`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (v) => resolve(v as T), reject });
      this.post({ kind: 'request', id, request });
    });
  }

  /** Aborts the play or recording started with `token`. */
  abort(token: string): void {
    if (this.state !== 'dead') this.post({ kind: 'abort', token });
  }

  private post(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }

  private receive(msg: Exclude<FromWorker, { kind: 'ready' | 'spare-ready' }>): void {
    switch (msg.kind) {
      case 'reply': {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (msg.ok) p.resolve(msg.value);
        else p.reject(fromWireError(msg.error));
        return;
      }
      case 'event':
        this.delegate.endpointEvent(msg.endpoint, msg.event);
        return;
      case 'members':
        this.delegate.conferenceMembers(msg.conference, msg.members);
        return;
    }
  }

  private die(reason: string): void {
    if (this.state === 'dead') return;
    const expected = this.state === 'closing';
    const wasRunning = this.state === 'running';
    this.state = 'dead';
    const err = new MediaError('backend', `media worker ${this.index} ${reason}`);
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    if (!expected) this.delegate.died(this, reason, wasRunning);
  }

  /** Closes the worker's engine (endpoints destroyed, recordings finalised), then ends the thread. */
  async close(): Promise<void> {
    if (this.state === 'dead') return;
    try {
      if (this.state === 'running') await this.request<void>({ op: 'close' });
    } catch {
      // A worker that failed while closing is ended below all the same.
    }
    this.state = 'closing';
    await this.worker.terminate();
    this.die('closed');
  }

  /** Ends the thread at once, as a crash would (diagnostics and tests). */
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

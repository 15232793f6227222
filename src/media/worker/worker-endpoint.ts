// The main thread's stand-in for an endpoint that lives in a media worker: every call becomes a
// request to that worker; its events arrive as messages and are re-emitted here. Endpoints of
// different workers cannot be bridged or recorded together: that fails with
// MediaError('bad-state') here, before any audio could silently go missing.

import { randomUUID } from 'node:crypto';
import type { MediaEndpoint } from '../media-engine.ts';
import type { DtmfEvent, LatchedEvent, MediaTimeoutEvent } from '../media-engine-events.ts';
import type { EndpointStats, OfferOptions, PlayOptions, PlayOutcome, PlaySource, RecordOptions, Recording } from '../media-engine-options.ts';
import { MediaError } from '../media-error.ts';
import { TypedEventSource } from '../typed-event.ts';
import type { WorkerChannel } from './worker-channel.ts';
import type { EndpointCall, WireEndpointEvent } from './worker-protocol.ts';
import { WorkerRecording } from './worker-recording.ts';
import { destroyInWorker } from './destroy-in-worker.ts';

export type WorkerEndpointState = 'live' | 'destroyed';

export class WorkerEndpoint implements MediaEndpoint {
  state: WorkerEndpointState = 'live';
  readonly onDtmf = new TypedEventSource<DtmfEvent>();
  readonly onMediaTimeout = new TypedEventSource<MediaTimeoutEvent>();
  readonly onLatched = new TypedEventSource<LatchedEvent>();
  private destroying: Promise<void> | undefined;

  constructor(
    readonly id: string,
    readonly label: string,
    readonly group: string | undefined,
    readonly channel: WorkerChannel,
    private readonly onGone: (ep: WorkerEndpoint) => void,
  ) {}

  private call<T>(call: EndpointCall): Promise<T> {
    if (this.state === 'destroyed') return Promise.reject(new MediaError('destroyed', `endpoint ${this.label} is destroyed`));
    return this.channel.request<T>({ op: 'endpoint', endpoint: this.id, call });
  }

  /** The peer as an endpoint of the same worker, or MediaError('bad-state'). */
  private peer(other: MediaEndpoint, what: string): WorkerEndpoint {
    if (!(other instanceof WorkerEndpoint)) throw new MediaError('bad-state', `${what} needs another endpoint of the same engine`);
    if (other.channel !== this.channel) {
      throw new MediaError('bad-state', `${what}: endpoints ${this.label} and ${other.label} live in different media workers (${this.channel.index} and ${other.channel.index}); create them with the same group`);
    }
    return other;
  }

  createOffer(opts: OfferOptions = {}): Promise<string> {
    return this.call<string>({ method: 'createOffer', ...opts });
  }

  setRemoteAnswer(sdp: string): Promise<void> {
    return this.call<void>({ method: 'setRemoteAnswer', sdp });
  }

  setRemoteOffer(sdp: string, opts: { codecs?: string[] } = {}): Promise<string> {
    return this.call<string>(opts.codecs === undefined ? { method: 'setRemoteOffer', sdp } : { method: 'setRemoteOffer', sdp, codecs: opts.codecs });
  }

  async connect(other: MediaEndpoint): Promise<void> {
    const peer = this.peer(other, 'connect');
    await this.call<void>({ method: 'connect', other: peer.id });
  }

  disconnect(): Promise<void> {
    return this.call<void>({ method: 'disconnect' });
  }

  async play(source: PlaySource, opts: PlayOptions = {}): Promise<PlayOutcome> {
    const token = randomUUID();
    const call: EndpointCall = { method: 'play', source, token };
    if (opts.loop !== undefined) call.loop = opts.loop;
    if (opts.stopOnDtmf !== undefined) call.stopOnDtmf = opts.stopOnDtmf;
    const signal = opts.signal;
    const onAbort = (): void => this.channel.abort(token);
    const outcome = this.call<PlayOutcome>(call);
    // After the request, so the worker has the play's controller when the notice arrives.
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await outcome;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  stopPlay(): Promise<void> {
    return this.call<void>({ method: 'stopPlay' });
  }

  async record(opts: RecordOptions): Promise<Recording> {
    const token = randomUUID();
    const call: EndpointCall = { method: 'record', path: opts.path, token };
    if (opts.other) call.other = this.peer(opts.other, 'record').id;
    const started = this.call<{ path: string }>(call);
    const signal = opts.signal;
    const onAbort = (): void => this.channel.abort(token);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const { path } = await started;
      return new WorkerRecording(path, token, this.channel);
    } catch (err) {
      signal?.removeEventListener('abort', onAbort);
      throw err;
    }
  }

  sendDtmf(digit: string, durationMs?: number): Promise<void> {
    return this.call<void>(durationMs === undefined ? { method: 'sendDtmf', digit } : { method: 'sendDtmf', digit, durationMs });
  }

  injectDtmf(digit: string, durationMs: number, source: 'info'): void {
    // Synchronous in the interface: the digit goes over and any error is logged by the channel.
    this.call<void>({ method: 'injectDtmf', digit, durationMs, source }).catch((err: unknown) => {
      process.emitWarning(err instanceof Error ? err : new Error(String(err)), 'MediaWorkerInjectDtmf');
    });
  }

  stats(): Promise<EndpointStats> {
    return this.call<EndpointStats>({ method: 'stats' });
  }

  destroy(): Promise<void> {
    this.destroying ??= this.finishDestroy();
    return this.destroying;
  }

  private async finishDestroy(): Promise<void> {
    if (this.state === 'destroyed') return;
    await destroyInWorker(() => this.call<void>({ method: 'destroy' }), () => this.gone());
  }


  /** Marks the endpoint gone (destroyed, or its worker died) and drops its listeners. */
  gone(): void {
    if (this.state === 'destroyed') return;
    this.state = 'destroyed';
    this.onDtmf.clear();
    this.onMediaTimeout.clear();
    this.onLatched.clear();
    this.onGone(this);
  }

  /** An event the worker forwarded. */
  deliver(event: WireEndpointEvent): void {
    switch (event.type) {
      case 'dtmf':
        this.onDtmf.emit(event.event);
        return;
      case 'media-timeout':
        this.onMediaTimeout.emit(event.event);
        return;
      case 'latched':
        this.onLatched.emit(event.event);
        return;
    }
  }
}

// The main thread's stand-in for an endpoint that lives in a media worker: every call becomes a
// request to that worker; its events arrive as messages and are re-emitted here. Endpoints of
// different workers cannot be bridged or recorded together: that fails with
// MediaError('bad-state') here, before any audio could silently go missing. It keeps what it takes
// to re-create the endpoint in a replacement worker (EndpointRestorePlan) should its worker crash;
// calls made meanwhile wait for that.

import { randomUUID } from 'node:crypto';
import type { MediaEndpoint } from '../media-engine.ts';
import type { DtmfEvent, LatchedEvent, MediaTimeoutEvent } from '../media-engine-events.ts';
import type { EndpointStats, OfferOptions, PlayOptions, PlayOutcome, PlaySource, RecordOptions, Recording } from '../media-engine-options.ts';
import { MediaError } from '../media-error.ts';
import { TypedEventSource } from '../../kernel/typed-event.ts';
import type { WorkerChannel } from './worker-channel.ts';
import type { EndpointCall, WireEndpointEvent } from './worker-protocol.ts';
import { WorkerRecording } from './worker-recording.ts';
import { destroyInWorker } from './destroy-in-worker.ts';
import { EndpointRestorePlan } from './endpoint-restore-plan.ts';
import { RestoreGate } from './restore-gate.ts';

export type WorkerEndpointState = 'live' | 'destroyed';

/** One try of a play in a worker: where in the source it starts, and when it began to send. */
interface PlayAttempt {
  fromMs: number;
  startedAt?: number;
}

export class WorkerEndpoint implements MediaEndpoint {
  state: WorkerEndpointState = 'live';
  readonly onDtmf = new TypedEventSource<DtmfEvent>();
  readonly onMediaTimeout = new TypedEventSource<MediaTimeoutEvent>();
  readonly onLatched = new TypedEventSource<LatchedEvent>();
  private destroying: Promise<void> | undefined;
  /** Closed while the endpoint is being re-created in a replacement worker. */
  private readonly gate = new RestoreGate();
  /** The endpoint this one is bridged to (connect), as far as the main thread asked. */
  bridgedTo: WorkerEndpoint | undefined;
  /** Recordings started on this endpoint and not finished. */
  private readonly recordings = new Set<WorkerRecording>();
  /** Recordings that died with the worker, to resume in its replacement. */
  private lostRecordings = new Set<WorkerRecording>();
  /** Plays under way by token: told when the worker says the play began to send. */
  private readonly playStarts = new Map<string, () => void>();

  constructor(
    readonly id: string,
    readonly label: string,
    readonly group: string | undefined,
    public channel: WorkerChannel,
    private readonly plan: EndpointRestorePlan,
    private readonly onGone: (ep: WorkerEndpoint) => void,
  ) {}

  private async call<T>(call: EndpointCall): Promise<T> {
    const held = this.gate.held;
    if (held) await held;
    if (this.state === 'destroyed') throw new MediaError('destroyed', `endpoint ${this.label} is destroyed`);
    return this.channel.request<T>({ op: 'endpoint', endpoint: this.id, call });
  }

  /** An SDP step: done in the worker, then kept for a restore. */
  private async sdpStep<T extends string | void>(call: Parameters<EndpointRestorePlan['succeeded']>[0]): Promise<T> {
    const result = await this.call<T>(call);
    this.plan.succeeded(call, typeof result === 'string' ? result : undefined);
    return result;
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
    return this.sdpStep<string>({ method: 'createOffer', ...opts });
  }

  setRemoteAnswer(sdp: string): Promise<void> {
    return this.sdpStep<void>({ method: 'setRemoteAnswer', sdp });
  }

  setRemoteOffer(sdp: string, opts: { codecs?: string[] } = {}): Promise<string> {
    return this.sdpStep<string>(opts.codecs === undefined ? { method: 'setRemoteOffer', sdp } : { method: 'setRemoteOffer', sdp, codecs: opts.codecs });
  }

  async connect(other: MediaEndpoint): Promise<void> {
    // Both sides in their (replacement) worker before they are compared.
    const held = this.gate.held;
    if (held) await held;
    const peer = this.peer(other, 'connect');
    await this.call<void>({ method: 'connect', other: peer.id });
    this.leaveBridge();
    peer.leaveBridge();
    this.bridgedTo = peer;
    peer.bridgedTo = this;
  }

  async disconnect(): Promise<void> {
    await this.call<void>({ method: 'disconnect' });
    this.leaveBridge();
  }

  /** No longer bridged (disconnect, a new connect, a conference join): neither side is. */
  leaveBridge(): void {
    const peer = this.bridgedTo;
    this.bridgedTo = undefined;
    if (peer?.bridgedTo === this) peer.bridgedTo = undefined;
  }

  /**
   * Plays in the worker. Should the worker die meanwhile, the same play() goes on in the
   * replacement once the endpoint is re-created there: a looping play (ringback, music on hold)
   * from its start, a prompt from where it was when the worker died (the caller hears the rest a
   * moment late, nothing skipped).
   */
  async play(source: PlaySource, opts: PlayOptions = {}): Promise<PlayOutcome> {
    let fromMs = 0;
    for (;;) {
      const attempt: PlayAttempt = { fromMs };
      try {
        return await this.playOnce(source, opts, attempt);
      } catch (err) {
        const workerDied = this.gate.held !== undefined && err instanceof MediaError && err.code === 'backend';
        if (!workerDied) throw err;
        if (opts.signal?.aborted) return 'stopped';
        if (opts.loop !== true && attempt.startedAt !== undefined) fromMs += Date.now() - attempt.startedAt;
      }
    }
  }

  private async playOnce(source: PlaySource, opts: PlayOptions, attempt: PlayAttempt): Promise<PlayOutcome> {
    const token = randomUUID();
    const call: EndpointCall = { method: 'play', source, token };
    if (opts.loop !== undefined) call.loop = opts.loop;
    if (opts.stopOnDtmf !== undefined) call.stopOnDtmf = opts.stopOnDtmf;
    if (attempt.fromMs > 0) call.resume = { fromMs: attempt.fromMs };
    const signal = opts.signal;
    const onAbort = (): void => this.channel.abort(token);
    this.playStarts.set(token, () => (attempt.startedAt = Date.now()));
    const outcome = this.call<PlayOutcome>(call);
    // After the request, so the worker has the play's controller when the notice arrives.
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await outcome;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.playStarts.delete(token);
    }
  }

  stopPlay(): Promise<void> {
    return this.call<void>({ method: 'stopPlay' });
  }

  async record(opts: RecordOptions): Promise<Recording> {
    const held = this.gate.held;
    if (held) await held;
    const token = randomUUID();
    const call: EndpointCall = { method: 'record', path: opts.path, token };
    const other = opts.other ? this.peer(opts.other, 'record') : undefined;
    if (other) call.other = other.id;
    const started = this.call<{ path: string }>(call);
    const signal = opts.signal;
    const onAbort = (): void => this.channel.abort(token);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const { path } = await started;
      const recording = new WorkerRecording(path, token, other, this.channel, (r) => this.recordings.delete(r), (ep) => this.peer(ep, 'switchOther'));
      this.recordings.add(recording);
      return recording;
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


  /**
   * Its worker died: holds calls back while `restore` re-creates the endpoint in the replacement
   * worker. The recordings under way died with the worker: each is repaired as a crash's file
   * would be, and its stop() resolves what reached the disk.
   */
  suspend(restore: Promise<void>): void {
    this.recordingsLost(restore);
    this.gate.hold(restore);
  }

  /** Its worker died with the recordings under way on this endpoint; `settled` when restored (or not). */
  recordingsLost(settled: Promise<void> = Promise.resolve()): void {
    for (const rec of this.recordings) {
      rec.lostWithWorker(settled);
      this.lostRecordings.add(rec);
    }
    this.recordings.clear();
  }

  /**
   * Once re-created (bridges too): each recording lost with the worker goes on into its file in
   * `channel`, after silence for the time the file lacks. One that cannot stays as repaired.
   */
  async resumeRecordings(channel: WorkerChannel): Promise<void> {
    const lost = this.lostRecordings;
    this.lostRecordings = new Set();
    for (const rec of lost) {
      const other = rec.other;
      if (rec.stopping || this.state === 'destroyed' || other?.state === 'destroyed') continue;
      const repaired = await rec.repaired()?.catch(() => undefined);
      if (!repaired) continue;
      const token = randomUUID();
      const silenceMs = Math.max(0, Date.now() - rec.startedAt - repaired.durationMs);
      const call: EndpointCall = { method: 'record', path: rec.path, token, resume: { silenceMs } };
      if (other) call.other = other.id;
      await channel.request<{ path: string }>({ op: 'endpoint', endpoint: this.id, call });
      rec.resumed(token, channel);
      if (rec.paused) await channel.request<void>({ op: 'recording', recording: token, action: 'pause' });
      this.recordings.add(rec);
    }
  }

  /** Re-creates this endpoint in `channel` (same id, same port) and replays its SDP steps. */
  async recreateIn(channel: WorkerChannel): Promise<void> {
    await channel.request<{ id: string }>(this.plan.createRequest(this.id));
    this.channel = channel;
    for (const step of this.plan.replay()) await channel.request<unknown>({ op: 'endpoint', endpoint: this.id, call: step });
  }

  /** Marks the endpoint gone (destroyed, or its worker died) and drops its listeners. */
  gone(): void {
    if (this.state === 'destroyed') return;
    this.state = 'destroyed';
    this.leaveBridge();
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
      case 'play-started':
        this.playStarts.get(event.token)?.();
        return;
    }
  }
}

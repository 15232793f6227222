// The worker side of the protocol: owns one EmbeddedMediaEngine and the endpoints, conferences,
// plays and recordings the main thread named by handle, and answers each request. Apart from the
// port it is plain code, so it runs in the worker thread (media-worker.ts) and needs nothing else.

import type { EmbeddedEndpoint } from '../embedded/embedded-endpoint.ts';
import type { EmbeddedPlayOptions, EmbeddedRecordOptions } from '../embedded/embedded-engine-options.ts';
import type { EmbeddedMediaEngine } from '../embedded/embedded-media-engine.ts';
import type { MediaConference } from '../media-engine.ts';
import type { JoinOptions, OfferOptions, Recording, RecordingResult } from '../media-engine-options.ts';
import { MediaError } from '../media-error.ts';
import { toWireError } from './wire-error.ts';
import type { WorkerDiagnostics } from './worker-diagnostics.ts';
import type { ConferenceCall, EndpointCall, FromWorker, ToWorker, WireJoin, WorkerRequest } from './worker-protocol.ts';

export class WorkerHost {
  private readonly endpoints = new Map<string, EmbeddedEndpoint>();
  private readonly conferences = new Map<string, MediaConference>();
  /** The last member list sent per conference, to send only changes. */
  private readonly sentMembers = new Map<string, string>();
  private readonly aborts = new Map<string, AbortController>();
  private readonly recordings = new Map<string, Recording>();
  /** The endpoints each recording taps: destroying one finalises the recording (the engine does). */
  private readonly recordingEndpoints = new Map<string, string[]>();
  /**
   * Recordings finalised by their endpoint's destroy before anyone asked to stop them: only the
   * small result is kept (the recorder's ring and chunk, ≈ 100 KB, are let go) for a stop() that
   * comes later.
   */
  private readonly finishedRecordings = new Map<string, Promise<RecordingResult>>();

  constructor(
    private readonly engine: EmbeddedMediaEngine,
    private readonly post: (msg: FromWorker) => void,
    private readonly diagnose: (reset: boolean) => Omit<WorkerDiagnostics, 'recordings'>,
  ) {}

  receive(msg: ToWorker): void {
    if (msg.kind === 'abort') {
      this.aborts.get(msg.token)?.abort();
      return;
    }
    if (msg.kind === 'adopt') return; // for a spare thread's start (media-worker.ts), not the host
    const { id, request } = msg;
    this.handle(request).then(
      (value) => {
        this.syncMembers();
        this.post({ kind: 'reply', id, ok: true, value });
      },
      (err: unknown) => {
        this.syncMembers();
        this.post({ kind: 'reply', id, ok: false, error: toWireError(err) });
      },
    );
  }

  private async handle(req: WorkerRequest): Promise<unknown> {
    switch (req.op) {
      case 'createEndpoint':
        return this.createEndpoint(req);
      case 'createConference': {
        const conf = await this.engine.createConference({ ...(req.label === undefined ? {} : { label: req.label }), ...(req.restore ? { restore: req.restore } : {}) });
        this.conferences.set(conf.id, conf);
        return conf.id;
      }
      case 'endpoint':
        return this.endpointCall(this.endpoint(req.endpoint), req.call);
      case 'conference':
        return this.conferenceCall(req.conference, req.call);
      case 'stopRecording': {
        const finished = this.finishedRecordings.get(req.recording);
        if (finished) {
          this.finishedRecordings.delete(req.recording);
          return finished;
        }
        const rec = this.recordings.get(req.recording);
        if (!rec) throw new MediaError('bad-state', `no recording ${req.recording} in this media worker`);
        try {
          return await rec.stop();
        } finally {
          this.forgetRecording(req.recording);
        }
      }
      case 'recording': {
        const rec = this.recordings.get(req.recording);
        if (!rec) throw new MediaError('bad-state', `no recording ${req.recording} in this media worker`);
        if (req.action !== 'switch-other') return req.action === 'pause' ? rec.pause() : rec.resume();
        const other = this.sameWorker(req.other, 'switchOther');
        await rec.switchOther(other);
        const first = this.recordingEndpoints.get(req.recording)?.[0];
        if (first) this.recordingEndpoints.set(req.recording, [first, other.id]);
        return undefined;
      }
      case 'diagnostics':
        return { ...this.diagnose(req.reset ?? false), recordings: this.recordings.size };
      case 'close':
        await this.engine.close();
        this.endpoints.clear();
        this.conferences.clear();
        this.recordings.clear();
        this.recordingEndpoints.clear();
        this.finishedRecordings.clear();
        return undefined;
    }
  }

  private async createEndpoint(req: Extract<WorkerRequest, { op: 'createEndpoint' }>): Promise<{ id: string; label: string; sdp?: string }> {
    const { op: _op, step, ...opts } = req;
    const made = step ? await this.engine.createEndpointWithSdp(step, opts) : { endpoint: await this.engine.createEndpoint(opts) };
    const ep = made.endpoint;
    this.endpoints.set(ep.id, ep);
    // Events are rare (digits, timeouts, one latch): forward them all, the proxy fans them out.
    ep.onDtmf.on((event) => this.post({ kind: 'event', endpoint: ep.id, event: { type: 'dtmf', event } }));
    ep.onMediaTimeout.on((event) => this.post({ kind: 'event', endpoint: ep.id, event: { type: 'media-timeout', event } }));
    ep.onLatched.on((event) => this.post({ kind: 'event', endpoint: ep.id, event: { type: 'latched', event } }));
    return 'sdp' in made ? { id: ep.id, label: ep.label, sdp: made.sdp } : { id: ep.id, label: ep.label };
  }

  private endpoint(id: string): EmbeddedEndpoint {
    const ep = this.endpoints.get(id);
    if (!ep) throw new MediaError('destroyed', `endpoint ${id} is not in this media worker (destroyed, or created by another worker)`);
    return ep;
  }

  private async endpointCall(ep: EmbeddedEndpoint, call: EndpointCall): Promise<unknown> {
    switch (call.method) {
      case 'createOffer': {
        const opts: OfferOptions = {};
        if (call.direction !== undefined) opts.direction = call.direction;
        if (call.codecs !== undefined) opts.codecs = call.codecs;
        if (call.ptime !== undefined) opts.ptime = call.ptime;
        return ep.createOffer(opts);
      }
      case 'setRemoteAnswer':
        return ep.setRemoteAnswer(call.sdp);
      case 'setRemoteOffer':
        return ep.setRemoteOffer(call.sdp, call.codecs === undefined ? undefined : { codecs: call.codecs });
      case 'connect':
        return ep.connect(this.sameWorker(call.other, 'connect'));
      case 'disconnect':
        return ep.disconnect();
      case 'play':
        return this.play(ep, call);
      case 'stopPlay':
        return ep.stopPlay();
      case 'record':
        return this.record(ep, call);
      case 'sendDtmf':
        return ep.sendDtmf(call.digit, call.durationMs);
      case 'injectDtmf':
        return ep.injectDtmf(call.digit, call.durationMs, call.source);
      case 'stats':
        return ep.stats();
      case 'destroy':
        await ep.destroy();
        this.endpoints.delete(ep.id);
        this.releaseRecordingsOf(ep.id);
        return undefined;
    }
  }

  /** The endpoint's destroy finalised its recordings: keep their results, drop the recorders. */
  private releaseRecordingsOf(endpointId: string): void {
    for (const [token, ids] of this.recordingEndpoints) {
      if (!ids.includes(endpointId)) continue;
      const rec = this.recordings.get(token);
      if (rec) {
        const result = rec.stop();
        // A failed finalisation is reported to whoever asks; unasked, it must not be unhandled.
        result.catch(() => undefined);
        this.finishedRecordings.set(token, result);
      }
      this.forgetRecording(token);
    }
  }

  private forgetRecording(token: string): void {
    this.recordings.delete(token);
    this.recordingEndpoints.delete(token);
    this.aborts.delete(token);
  }

  private sameWorker(id: string, what: string): EmbeddedEndpoint {
    const ep = this.endpoints.get(id);
    if (!ep) throw new MediaError('bad-state', `${what}: endpoint ${id} is not in this media worker`);
    return ep;
  }

  private async play(ep: EmbeddedEndpoint, call: Extract<EndpointCall, { method: 'play' }>): Promise<unknown> {
    // Made before the first await, so an abort notice right behind the request finds it.
    const controller = new AbortController();
    this.aborts.set(call.token, controller);
    const onStarted = (): void => this.post({ kind: 'event', endpoint: ep.id, event: { type: 'play-started', token: call.token } });
    const opts: EmbeddedPlayOptions = { signal: controller.signal, onStarted };
    if (call.loop !== undefined) opts.loop = call.loop;
    if (call.stopOnDtmf !== undefined) opts.stopOnDtmf = call.stopOnDtmf;
    if (call.resume) opts.resume = call.resume;
    try {
      return await ep.play(call.source, opts);
    } finally {
      this.aborts.delete(call.token);
    }
  }

  private async record(ep: EmbeddedEndpoint, call: Extract<EndpointCall, { method: 'record' }>): Promise<{ path: string }> {
    const controller = new AbortController();
    this.aborts.set(call.token, controller);
    try {
      const other = call.other === undefined ? undefined : this.sameWorker(call.other, 'record');
      const opts: EmbeddedRecordOptions = other ? { path: call.path, other, signal: controller.signal } : { path: call.path, signal: controller.signal };
      if (call.resume) opts.resume = call.resume;
      const rec = await ep.record(opts);
      this.recordings.set(call.token, rec);
      this.recordingEndpoints.set(call.token, other ? [ep.id, other.id] : [ep.id]);
      // An endpoint destroyed while the file was opening has already let its recordings go.
      if (!this.endpoints.has(ep.id) || (other && !this.endpoints.has(other.id))) this.releaseRecordingsOf(ep.id);
      return { path: rec.path };
    } catch (err) {
      this.aborts.delete(call.token);
      throw err;
    }
  }

  private async conferenceCall(id: string, call: ConferenceCall): Promise<unknown> {
    const conf = this.conferences.get(id);
    if (!conf) throw new MediaError('destroyed', `conference ${id} is not in this media worker`);
    switch (call.method) {
      case 'join':
        return conf.join(this.sameWorker(call.endpoint, 'join'), this.joinOptions(call.opts));
      case 'setRole':
        return conf.setRole(this.sameWorker(call.endpoint, 'setRole'), this.joinOptions(call.opts));
      case 'leave': {
        const ep = this.endpoints.get(call.endpoint);
        return ep ? conf.leave(ep) : undefined;
      }
      case 'destroy':
        await conf.destroy();
        this.conferences.delete(id);
        this.sentMembers.delete(id);
        return undefined;
    }
  }

  private joinOptions(wire: WireJoin): JoinOptions {
    const opts: JoinOptions = {};
    if (wire.role !== undefined) opts.role = wire.role;
    if (wire.whisperTo !== undefined) opts.whisperTo = this.sameWorker(wire.whisperTo, 'whisperTo');
    return opts;
  }

  /** Sends each conference's member list when it changed (any request may change it). */
  private syncMembers(): void {
    for (const [id, conf] of this.conferences) {
      const members = [...conf.members];
      const key = members.join(',');
      if (this.sentMembers.get(id) === key) continue;
      this.sentMembers.set(id, key);
      this.post({ kind: 'members', conference: id, members });
    }
  }
}

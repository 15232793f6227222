// A MediaEngine that uses every core: N worker threads, each running an ordinary embedded engine
// on its own slice of the RTP ports and owning whole calls (both legs, their sockets, recordings
// and mixes), so no packet crosses a thread. The main thread holds proxies; each call is one
// message. Placement: a new endpoint or conference goes to the worker its `group` already lives
// on, else to the worker with the fewest endpoints; the group is remembered while it has live
// endpoints or conferences. Objects of different workers cannot be bridged, recorded together or
// mixed: that fails with MediaError('bad-state'). A worker that dies is replaced on the same port
// slice, and its endpoints are re-created there on their own ports with their SDP and bridges, so
// the calls go on (bridges, conferences with their members' roles, looping plays from their start,
// prompts from where they were, and recordings into their files after silence for what was lost).

import type { MediaConference, MediaEndpoint, MediaEngine } from '../media-engine.ts';
import type { CreateConferenceOptions, CreateEndpointOptions, EndpointSdpStep } from '../media-engine-options.ts';
import { MediaError } from '../media-error.ts';
import { resolveNativeIo } from '../native/open-datagram-io.ts';
import { portPairs, slicePortRange } from './port-slices.ts';
import { WorkerChannel, type ChannelDelegate } from './worker-channel.ts';
import { WorkerConference } from './worker-conference.ts';
import type { WorkerDiagnostics } from './worker-diagnostics.ts';
import type { WorkerEngineOptions } from './worker-engine-options.ts';
import { EndpointRestorePlan } from './endpoint-restore-plan.ts';
import { WorkerEndpoint } from './worker-endpoint.ts';
import type { WireEndpointEvent, WorkerInit } from './worker-protocol.ts';

type EngineState = 'open' | 'closed';

interface GroupPlace {
  channel: WorkerChannel;
  /** Live endpoints and conferences of the group (created or being created). */
  live: number;
}

export class WorkerMediaEngine implements MediaEngine, ChannelDelegate {
  private state: EngineState = 'open';
  private readonly channels: WorkerChannel[];
  /** What each worker was started with, to start a replacement on the same port slice. */
  private readonly inits: Omit<WorkerInit, 'entry' | 'index'>[];
  private readonly endpoints = new Map<string, WorkerEndpoint>();
  private readonly conferences = new Map<string, WorkerConference>();
  private readonly groups = new Map<string, GroupPlace>();
  private readonly log: (line: string) => void;
  private closing: Promise<void> | undefined;
  /** A thread started ahead to replace a crashed worker at once (WorkerEngineOptions.spare). */
  private spare: WorkerChannel | undefined;
  private readonly keepSpare: boolean;

  constructor(opts: WorkerEngineOptions) {
    const ports = opts.ports ?? '20000-29999';
    // More workers than port pairs would leave some without a port: start at most one per pair.
    const slices = slicePortRange(ports, Math.min(opts.workers, portPairs(ports)));
    this.log = opts.log ?? ((line) => process.stderr.write(`${line}\n`));
    // Checked here once, so a fallback is logged once, not by every worker.
    const nativeIo = resolveNativeIo(opts.nativeIo ?? 'auto', this.log);
    this.inits = slices.map((slice) => {
      const init: Omit<WorkerInit, 'entry' | 'index'> = { bindAddress: opts.bindAddress, ports: slice };
      if (opts.advertiseAddress !== undefined) init.advertiseAddress = opts.advertiseAddress;
      if (opts.rtcpIntervalMs !== undefined) init.rtcpIntervalMs = opts.rtcpIntervalMs;
      init.nativeIo = nativeIo;
      if (opts.synthesizer !== undefined) init.synthesizer = opts.synthesizer;
      if (opts.recordingFormat !== undefined) init.recordingFormat = opts.recordingFormat;
      return init;
    });
    this.channels = this.inits.map((init, index) => new WorkerChannel(index, init, this));
    this.keepSpare = opts.spare ?? true;
    if (this.keepSpare) this.spare = new WorkerChannel(-1, undefined, this);
  }

  /** Resolves once every worker has started (createEndpoint waits for its own worker anyway). */
  async ready(): Promise<void> {
    await Promise.all(this.channels.map((c) => c.ready));
  }

  get workerCount(): number {
    return this.channels.length;
  }

  /** Live endpoints per worker (placement load; diagnostics and tests). */
  get load(): number[] {
    return this.channels.map((c) => c.endpoints);
  }

  /** The index of the worker an endpoint or conference of this engine lives in. */
  workerOf(object: MediaEndpoint | MediaConference): number | undefined {
    return object instanceof WorkerEndpoint || object instanceof WorkerConference ? object.channel.index : undefined;
  }

  /** Each running worker's own figures (frame-clock skips, event-loop delay, heap); `reset` starts a new delay window. */
  async diagnostics(opts: { reset?: boolean } = {}): Promise<WorkerDiagnostics[]> {
    const running = this.channels.filter((c) => c.state === 'running');
    return Promise.all(running.map((c) => c.request<WorkerDiagnostics>({ op: 'diagnostics', reset: opts.reset ?? false })));
  }

  /** Ends one worker at once, as a crash would (diagnostics and tests of crash handling). */
  async terminateWorker(index: number): Promise<void> {
    await this.channels[index]?.terminate();
  }

  private place(group: string | undefined): WorkerChannel {
    if (this.state === 'closed') throw new MediaError('destroyed', 'the media engine is closed');
    const known = group === undefined ? undefined : this.groups.get(group);
    if (known) {
      known.live++;
      return known.channel;
    }
    let best: WorkerChannel | undefined;
    for (const c of this.channels) {
      if (c.state === 'dead' || c.state === 'closing') continue;
      if (!best || c.endpoints < best.endpoints) best = c;
    }
    if (!best) throw new MediaError('backend', 'no media worker is running');
    if (group !== undefined) this.groups.set(group, { channel: best, live: 1 });
    return best;
  }

  private release(group: string | undefined): void {
    if (group === undefined) return;
    const place = this.groups.get(group);
    if (place && --place.live <= 0) this.groups.delete(group);
  }

  async createEndpoint(opts: CreateEndpointOptions = {}): Promise<MediaEndpoint> {
    return (await this.create(opts, undefined)).endpoint;
  }

  async createEndpointWithSdp(step: EndpointSdpStep, opts: CreateEndpointOptions = {}): Promise<{ endpoint: MediaEndpoint; sdp: string }> {
    const { endpoint, sdp } = await this.create(opts, step);
    return { endpoint, sdp: sdp ?? '' };
  }

  /** One request to the worker: the endpoint, and the SDP step when one is asked for. */
  private async create(opts: CreateEndpointOptions, step: EndpointSdpStep | undefined): Promise<{ endpoint: MediaEndpoint; sdp?: string }> {
    const { group, ...rest } = opts;
    const channel = this.place(group);
    channel.endpoints++;
    try {
      await channel.ready;
      const made = await channel.request<{ id: string; label: string; sdp?: string }>({ op: 'createEndpoint', ...rest, ...(step ? { step } : {}) });
      const plan = new EndpointRestorePlan(rest);
      if (step) plan.succeeded(EndpointRestorePlan.stepCall(step), made.sdp);
      const ep = new WorkerEndpoint(made.id, made.label, group, channel, plan, (gone) => this.endpointGone(gone));
      this.endpoints.set(ep.id, ep);
      if (this.state === 'closed') await ep.destroy();
      return made.sdp === undefined ? { endpoint: ep } : { endpoint: ep, sdp: made.sdp };
    } catch (err) {
      channel.endpoints--;
      this.release(group);
      throw err;
    }
  }

  async createConference(opts: CreateConferenceOptions = {}): Promise<MediaConference> {
    const channel = this.place(opts.group);
    try {
      await channel.ready;
      const label = opts.label ?? 'conference';
      const id = await channel.request<string>({ op: 'createConference', label });
      const conf = new WorkerConference(id, label, opts.group, channel, (gone) => this.conferenceGone(gone));
      this.conferences.set(id, conf);
      return conf;
    } catch (err) {
      this.release(opts.group);
      throw err;
    }
  }

  private endpointGone(ep: WorkerEndpoint): void {
    if (!this.endpoints.delete(ep.id)) return;
    ep.channel.endpoints--;
    this.release(ep.group);
  }

  private conferenceGone(conf: WorkerConference): void {
    if (!this.conferences.delete(conf.id)) return;
    this.release(conf.group);
  }

  endpointEvent(endpointId: string, event: WireEndpointEvent): void {
    this.endpoints.get(endpointId)?.deliver(event);
  }

  conferenceMembers(conferenceId: string, members: string[]): void {
    this.conferences.get(conferenceId)?.setMembers(members);
  }

  died(channel: WorkerChannel, reason: string, wasRunning: boolean): void {
    if (channel === this.spare) {
      // Not replaced now (no restart loop); the next worker restart starts a new one.
      this.spare = undefined;
      this.log(`media worker spare (thread ${channel.threadId}) ${reason}`);
      return;
    }
    const hit = [...this.endpoints.values()].filter((ep) => ep.channel === channel);
    const conferences = [...this.conferences.values()].filter((conf) => conf.channel === channel);
    this.log(`media worker ${channel.index} (thread ${channel.threadId}) ${reason}: ${hit.length} endpoint(s) and ${conferences.length} conference(s) on it`);
    // A worker that had run is replaced on the same port slice (its sockets died with it); one
    // that failed to start is not, so a broken installation does not restart in a loop.
    const init = this.inits[channel.index];
    if (!(this.state === 'open' && wasRunning && init && this.channels[channel.index] === channel)) {
      for (const ep of hit) {
        ep.recordingsLost();
        ep.gone();
      }
      for (const conf of conferences) conf.gone();
      this.log(`media worker ${channel.index} not restarted: ${hit.length} endpoint(s) lost`);
      return;
    }
    const replacement = this.takeSpare(channel.index, init) ?? new WorkerChannel(channel.index, init, this);
    this.channels[channel.index] = replacement;
    if (this.keepSpare && !this.spare) this.spare = new WorkerChannel(-1, undefined, this);
    for (const place of this.groups.values()) if (place.channel === channel) place.channel = replacement;
    const restored = this.restore(hit, conferences, replacement);
    const settled = restored.then(() => undefined);
    for (const ep of hit) ep.suspend(settled);
    for (const conf of conferences) conf.suspend(settled);
    const diedAt = performance.now();
    void replacement.ready.then(() => this.log(`media worker ${channel.index} replacement started in ${Math.round(performance.now() - diedAt)} ms`), () => undefined);
    void restored.then((count) => this.log(`media worker ${channel.index} restarted: ${count} of ${hit.length} endpoint(s) re-created on their ports`));
  }

  /** The spare thread, made the worker of slice `index`; undefined when there is none. */
  private takeSpare(index: number, init: Omit<WorkerInit, 'entry' | 'index'>): WorkerChannel | undefined {
    const spare = this.spare;
    if (!spare || spare.state !== 'spare') return undefined;
    this.spare = undefined;
    spare.adopt(index, init);
    return spare;
  }

  /**
   * Re-creates a dead worker's endpoints in its replacement (same ids, same ports, SDP replayed),
   * then their bridges, conferences and recordings. What cannot be re-created is gone, as before.
   * Never rejects.
   */
  private async restore(endpoints: WorkerEndpoint[], conferences: WorkerConference[], channel: WorkerChannel): Promise<number> {
    try {
      await channel.ready;
    } catch {
      for (const ep of endpoints) ep.gone();
      for (const conf of conferences) conf.gone();
      return 0;
    }
    // Each stage for all at once: the worker serves the requests concurrently, so the calls'
    // audio is back after a few round trips, not one call after another.
    await Promise.all(endpoints.map(async (ep) => {
      if (ep.state === 'destroyed') return;
      try {
        await ep.recreateIn(channel);
        channel.endpoints++;
      } catch (err) {
        this.log(`media worker ${channel.index}: endpoint ${ep.label} not re-created: ${(err as Error).message}`);
        ep.gone();
      }
    }));
    await Promise.all(endpoints.map(async (ep) => {
      const peer = ep.bridgedTo;
      // Each bridge once, from the side whose id sorts first; both sides must be back.
      if (!peer || ep.state === 'destroyed' || peer.state === 'destroyed' || peer.channel !== channel || ep.id > peer.id) return;
      await channel.request<void>({ op: 'endpoint', endpoint: ep.id, call: { method: 'connect', other: peer.id } }).catch((err: unknown) => {
        this.log(`media worker ${channel.index}: bridge ${ep.label} ↔ ${peer.label} not re-made: ${(err as Error).message}`);
      });
    }));
    // Supervisor mixes: the conference with its id, its members with their roles.
    await Promise.all(conferences.map(async (conf) => {
      if (conf.state === 'destroyed') return;
      await conf.recreateIn(channel).catch((err: unknown) => {
        this.log(`media worker ${channel.index}: conference ${conf.label} not re-created: ${(err as Error).message}`);
        conf.gone();
      });
    }));
    await Promise.all(endpoints.map(async (ep) => {
      if (ep.state === 'destroyed') return;
      await ep.resumeRecordings(channel).catch((err: unknown) => {
        this.log(`media worker ${channel.index}: a recording of ${ep.label} not resumed (kept up to the crash): ${(err as Error).message}`);
      });
    }));
    return endpoints.filter((ep) => ep.state !== 'destroyed' && ep.channel === channel).length;
  }

  /** Closes every worker's engine (recordings finalised, ports released) and ends the threads. */
  close(): Promise<void> {
    this.closing ??= this.finishClose();
    return this.closing;
  }

  private async finishClose(): Promise<void> {
    this.state = 'closed';
    const spare = this.spare;
    this.spare = undefined;
    await Promise.all([...this.channels, ...(spare ? [spare] : [])].map((c) => c.close()));
    for (const ep of [...this.endpoints.values()]) ep.gone();
    for (const conf of [...this.conferences.values()]) conf.gone();
  }
}

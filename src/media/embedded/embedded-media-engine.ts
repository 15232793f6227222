// The default MediaEngine: RTP/G.711 in this process. One socket pair per endpoint, one 20 ms
// frame clock for all plays/mixes/recordings, one housekeeping timer (RTCP, media timeouts).

import { hostname } from 'node:os';
import type { MediaConference, MediaEngine } from '../media-engine.ts';
import type { EndpointSdpStep } from '../media-engine-options.ts';
import { applySdpStep } from '../endpoint-sdp-step.ts';
import { MediaError } from '../media-error.ts';
import { openDatagramIo } from '../native/open-datagram-io.ts';
import { PortAllocator } from '../ports/port-allocator.ts';
import { WavCache } from '../wav/wav-cache.ts';
import { EmbeddedConference } from './embedded-conference.ts';
import type { DatagramIo, DatagramIoStats } from './datagram-io.ts';
import { EmbeddedEndpoint } from './embedded-endpoint.ts';
import type { EmbeddedConferenceOptions, EmbeddedEndpointOptions, EmbeddedEngineOptions } from './embedded-engine-options.ts';
import type { EngineContext } from './engine-context.ts';
import { FrameClock } from './frame-clock.ts';
import { systemClock } from '../../kernel/clock.ts';
import type { TimerHandle } from '../../kernel/clock.ts';
import { RtpSocketPair } from './rtp-socket-pair.ts';

type EngineState = 'open' | 'closed';

const HOUSEKEEPING_MS = 1000;

export class EmbeddedMediaEngine implements MediaEngine {
  private state: EngineState = 'open';
  private readonly ctx: EngineContext;
  private readonly bindAddress: string;
  readonly ports: PortAllocator;
  private readonly endpoints = new Set<EmbeddedEndpoint>();
  private readonly conferences = new Set<EmbeddedConference>();
  private housekeeping: TimerHandle | undefined;
  private readonly rtcpEvery: number;
  private beat = 0;
  /** Every RTP/RTCP socket of this engine (native batched I/O or node:dgram). */
  private readonly io: DatagramIo;

  constructor(opts: EmbeddedEngineOptions) {
    const advertise = opts.advertiseAddress ?? opts.bindAddress;
    if (advertise === '0.0.0.0' || advertise === '::') throw new RangeError('advertiseAddress must be a reachable address when binding to any');
    this.bindAddress = opts.bindAddress;
    this.ports = opts.ports instanceof PortAllocator ? opts.ports : PortAllocator.fromString(opts.ports ?? '20000-29999');
    const clock = opts.clock ?? systemClock;
    this.ctx = {
      advertiseAddress: advertise,
      clock,
      frameClock: new FrameClock(clock),
      files: opts.wavCache ?? new WavCache(),
      cname: `hotline@${hostname()}`,
      recordingFormat: opts.recordingFormat ?? 'ulaw',
    };
    if (opts.synthesizer) this.ctx.synthesizer = opts.synthesizer;
    this.rtcpEvery = Math.max(1, Math.round((opts.rtcpIntervalMs ?? 5000) / HOUSEKEEPING_MS));
    this.io = openDatagramIo(opts.nativeIo ?? 'auto', opts.log ?? ((line) => process.stderr.write(`${line}\n`)));
  }

  get endpointCount(): number {
    return this.endpoints.size;
  }

  /** Which socket I/O the engine uses and its counters (diagnostics, bench). */
  datagramIoStats(): DatagramIoStats {
    return this.io.stats();
  }

  /** The engine's frame clock (exposed for diagnostics: skipped ticks). */
  get frameClock(): FrameClock {
    return this.ctx.frameClock;
  }

  async createEndpoint(opts: EmbeddedEndpointOptions = {}): Promise<EmbeddedEndpoint> {
    if (this.state === 'closed') throw new MediaError('destroyed', 'the media engine is closed');
    const sockets = opts.restore?.port !== undefined
      ? await RtpSocketPair.openAt(this.bindAddress, this.ports, this.io, opts.restore.port)
      : await RtpSocketPair.open(this.bindAddress, this.ports, this.io);
    if (this.state !== 'open') {
      sockets.close();
      throw new MediaError('destroyed', 'the media engine is closed');
    }
    const ep = new EmbeddedEndpoint(this.ctx, sockets, opts, (gone) => this.endpointGone(gone));
    this.endpoints.add(ep);
    this.startHousekeeping();
    return ep;
  }

  async createEndpointWithSdp(step: EndpointSdpStep, opts: EmbeddedEndpointOptions = {}): Promise<{ endpoint: EmbeddedEndpoint; sdp: string }> {
    return applySdpStep(await this.createEndpoint(opts), step);
  }

  async createConference(opts: EmbeddedConferenceOptions = {}): Promise<MediaConference> {
    if (this.state === 'closed') throw new MediaError('destroyed', 'the media engine is closed');
    const conf = new EmbeddedConference(opts.label ?? 'conference', this.ctx.frameClock, (c) => this.conferences.delete(c), opts.restore?.id);
    this.conferences.add(conf);
    return conf;
  }

  private endpointGone(ep: EmbeddedEndpoint): void {
    this.endpoints.delete(ep);
    if (this.endpoints.size === 0) this.stopHousekeeping();
  }

  private startHousekeeping(): void {
    if (this.housekeeping) return;
    const run = (): void => {
      this.beat++;
      const now = this.ctx.clock.now();
      for (const ep of this.endpoints) {
        ep.housekeep(now);
        if (this.beat % this.rtcpEvery === 0) ep.sendRtcp();
      }
      this.housekeeping = this.ctx.clock.setTimeout(run, HOUSEKEEPING_MS);
    };
    this.housekeeping = this.ctx.clock.setTimeout(run, HOUSEKEEPING_MS);
  }

  private stopHousekeeping(): void {
    if (this.housekeeping) this.ctx.clock.clearTimeout(this.housekeeping);
    this.housekeeping = undefined;
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    await Promise.all([...this.conferences].map((c) => c.destroy()));
    await Promise.all([...this.endpoints].map((e) => e.destroy()));
    this.stopHousekeeping();
    this.ctx.frameClock.stop();
    this.io.close();
  }
}

// A mixing room in the embedded engine: supervisor listen / whisper / barge and small
// conferences. Each tick pulls every member's received audio, mixes with the DSP mixer's role
// rules, and sends each member its own mix.

import { randomUUID } from 'node:crypto';
import { AudioMixer, type MixRole } from '../dsp/mixer.ts';
import type { MediaConference, MediaEndpoint } from '../media-engine.ts';
import type { JoinOptions } from '../media-engine-options.ts';
import { MediaError } from '../media-error.ts';
import { EmbeddedEndpoint, type ConferenceSeat } from './embedded-endpoint.ts';
import type { FrameClock, FrameClockListener } from './frame-clock.ts';
import { PcmFifo } from './pcm-fifo.ts';
import type { PcmTap } from './pcm-tap.ts';

const FRAME = 160;

interface Member {
  endpoint: EmbeddedEndpoint;
  fifo: PcmFifo;
  tap: PcmTap;
}

export class EmbeddedConference implements MediaConference, ConferenceSeat, FrameClockListener {
  readonly id: string;
  private readonly byId = new Map<string, Member>();
  private readonly mixer = new AudioMixer();
  private destroyed = false;

  constructor(
    readonly label: string,
    private readonly frameClock: FrameClock,
    private readonly onGone: (c: EmbeddedConference) => void,
    /** A conference re-created after its media worker crashed keeps its id. */
    id: string = randomUUID(),
  ) {
    this.id = id;
  }

  get members(): readonly string[] {
    return [...this.byId.keys()];
  }

  private role(opts: JoinOptions): MixRole {
    switch (opts.role ?? 'participant') {
      case 'participant':
        return { kind: 'participant' };
      case 'listener':
        return { kind: 'listener' };
      case 'whisper':
        if (!opts.whisperTo) throw new MediaError('bad-argument', 'role whisper needs whisperTo');
        return { kind: 'whisper', to: opts.whisperTo.id };
    }
  }

  async join(endpoint: MediaEndpoint, opts: JoinOptions = {}): Promise<void> {
    if (this.destroyed) throw new MediaError('destroyed', `conference ${this.label} is destroyed`);
    if (!(endpoint instanceof EmbeddedEndpoint)) throw new MediaError('bad-state', 'join needs an endpoint of the same engine');
    const role = this.role(opts);
    if (this.byId.has(endpoint.id)) {
      this.mixer.setMember(endpoint.id, role);
      return;
    }
    if (endpoint.conference) await endpoint.conference.leave(endpoint);
    const fifo = new PcmFifo();
    const member: Member = { endpoint, fifo, tap: { onPcm: (pcm) => fifo.push(pcm) } };
    this.byId.set(endpoint.id, member);
    this.mixer.setMember(endpoint.id, role);
    endpoint.addTap(member.tap);
    endpoint.enterConference(this);
    if (this.byId.size === 1) this.frameClock.add(this);
  }

  async setRole(endpoint: MediaEndpoint, opts: JoinOptions): Promise<void> {
    if (!this.byId.has(endpoint.id)) throw new MediaError('bad-state', `endpoint ${endpoint.id} is not in conference ${this.label}`);
    this.mixer.setMember(endpoint.id, this.role(opts));
  }

  async leave(endpoint: MediaEndpoint): Promise<void> {
    const member = this.byId.get(endpoint.id);
    if (!member) return;
    this.byId.delete(endpoint.id);
    this.mixer.removeMember(endpoint.id);
    member.endpoint.removeTap(member.tap);
    if (member.endpoint.conference === this) member.endpoint.conference = undefined;
    if (this.byId.size === 0) this.frameClock.remove(this);
  }

  onFrame(tick: number): void {
    const inputs = new Map<string, Int16Array>();
    for (const [id, m] of this.byId) {
      if (m.fifo.size > 4 * FRAME) m.fifo.dropOldest(m.fifo.size - FRAME);
      const frame = new Int16Array(FRAME);
      m.fifo.pull(frame);
      inputs.set(id, frame);
    }
    const out = this.mixer.mix(inputs);
    for (const [id, m] of this.byId) {
      const frame = out.get(id);
      if (frame && m.endpoint.output === 'conference') m.endpoint.leg.sendFrame(frame, this, tick);
    }
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    for (const m of [...this.byId.values()]) await this.leave(m.endpoint);
    this.destroyed = true;
    this.onGone(this);
  }
}

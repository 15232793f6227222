// The main thread's stand-in for a conference that lives in a media worker. Members must live in
// the same worker (MediaError('bad-state') otherwise); the member list is kept from the worker's
// `members` messages, which arrive before the reply of the request that changed it. It keeps each
// member's role, so a replacement worker can re-create the conference after a crash; calls made
// meanwhile wait for that.

import type { MediaConference, MediaEndpoint } from '../media-engine.ts';
import type { JoinOptions } from '../media-engine-options.ts';
import { MediaError } from '../media-error.ts';
import type { WorkerChannel } from './worker-channel.ts';
import { WorkerEndpoint } from './worker-endpoint.ts';
import type { ConferenceCall, WireJoin } from './worker-protocol.ts';
import { destroyInWorker } from './destroy-in-worker.ts';
import { RestoreGate } from './restore-gate.ts';

export type WorkerConferenceState = 'live' | 'destroyed';

export class WorkerConference implements MediaConference {
  state: WorkerConferenceState = 'live';
  private memberIds: readonly string[] = [];
  private destroying: Promise<void> | undefined;
  /** Each member's role as last asked (join, setRole), for a re-creation. */
  private readonly roles = new Map<WorkerEndpoint, WireJoin>();
  /** Closed while the conference is being re-created in a replacement worker. */
  private readonly gate = new RestoreGate();

  constructor(
    readonly id: string,
    readonly label: string,
    readonly group: string | undefined,
    public channel: WorkerChannel,
    private readonly onGone: (c: WorkerConference) => void,
  ) {}

  /** Its worker died: holds calls back while `restore` re-creates it in the replacement. */
  suspend(restore: Promise<void>): void {
    this.gate.hold(restore);
  }

  /** Re-creates the conference (same id) in `channel` and re-joins the members still in it, with their roles. */
  async recreateIn(channel: WorkerChannel): Promise<void> {
    const members = new Set(this.memberIds);
    await channel.request<string>({ op: 'createConference', label: this.label, restore: { id: this.id } });
    this.channel = channel;
    for (const [ep, role] of this.roles) {
      if (!members.has(ep.id) || ep.state === 'destroyed' || ep.channel !== channel) {
        this.roles.delete(ep);
        continue;
      }
      await channel.request<void>({ op: 'conference', conference: this.id, call: { method: 'join', endpoint: ep.id, opts: role } });
    }
  }

  get members(): readonly string[] {
    return this.memberIds;
  }

  /** The worker's member list changed. */
  setMembers(members: string[]): void {
    this.memberIds = members;
  }

  private async call(call: ConferenceCall): Promise<void> {
    const held = this.gate.held;
    if (held) await held;
    if (this.state === 'destroyed') throw new MediaError('destroyed', `conference ${this.label} is destroyed`);
    return this.channel.request<void>({ op: 'conference', conference: this.id, call });
  }

  private member(endpoint: MediaEndpoint, what: string): WorkerEndpoint {
    if (!(endpoint instanceof WorkerEndpoint)) throw new MediaError('bad-state', `${what} needs an endpoint of the same engine`);
    if (endpoint.channel !== this.channel) {
      throw new MediaError('bad-state', `${what}: endpoint ${endpoint.label} lives in media worker ${endpoint.channel.index}, conference ${this.label} in ${this.channel.index}; create them with the same group`);
    }
    return endpoint;
  }

  private wireJoin(opts: JoinOptions, what: string): WireJoin {
    const wire: WireJoin = {};
    if (opts.role !== undefined) wire.role = opts.role;
    if (opts.whisperTo !== undefined) wire.whisperTo = this.member(opts.whisperTo, `${what} whisperTo`).id;
    return wire;
  }

  async join(endpoint: MediaEndpoint, opts: JoinOptions = {}): Promise<void> {
    const held = this.gate.held;
    if (held) await held;
    const ep = this.member(endpoint, 'join');
    const role = this.wireJoin(opts, 'join');
    await this.call({ method: 'join', endpoint: ep.id, opts: role });
    this.roles.set(ep, role);
    // Joining leaves any bridge (as in the engine): a restore must not re-make it.
    ep.leaveBridge();
  }

  async setRole(endpoint: MediaEndpoint, opts: JoinOptions): Promise<void> {
    const held = this.gate.held;
    if (held) await held;
    const ep = this.member(endpoint, 'setRole');
    const role = this.wireJoin(opts, 'setRole');
    await this.call({ method: 'setRole', endpoint: ep.id, opts: role });
    this.roles.set(ep, role);
  }

  async leave(endpoint: MediaEndpoint): Promise<void> {
    const held = this.gate.held;
    if (held) await held;
    if (endpoint instanceof WorkerEndpoint) this.roles.delete(endpoint);
    // An endpoint of another worker cannot be a member: nothing to leave (as the embedded engine).
    if (!(endpoint instanceof WorkerEndpoint) || endpoint.channel !== this.channel) return;
    await this.call({ method: 'leave', endpoint: endpoint.id });
  }

  destroy(): Promise<void> {
    this.destroying ??= this.finishDestroy();
    return this.destroying;
  }

  private async finishDestroy(): Promise<void> {
    if (this.state === 'destroyed') return;
    await destroyInWorker(() => this.call({ method: 'destroy' }), () => this.gone());
  }


  /** Marks the conference gone (destroyed, or its worker died). */
  gone(): void {
    if (this.state === 'destroyed') return;
    this.state = 'destroyed';
    this.memberIds = [];
    this.roles.clear();
    this.onGone(this);
  }
}

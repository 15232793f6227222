// The main thread's stand-in for a conference that lives in a media worker. Members must live in
// the same worker (MediaError('bad-state') otherwise); the member list is kept from the worker's
// `members` messages, which arrive before the reply of the request that changed it.

import type { MediaConference, MediaEndpoint } from '../media-engine.ts';
import type { JoinOptions } from '../media-engine-options.ts';
import { MediaError } from '../media-error.ts';
import type { WorkerChannel } from './worker-channel.ts';
import { WorkerEndpoint } from './worker-endpoint.ts';
import type { ConferenceCall, WireJoin } from './worker-protocol.ts';
import { destroyInWorker } from './destroy-in-worker.ts';

export type WorkerConferenceState = 'live' | 'destroyed';

export class WorkerConference implements MediaConference {
  state: WorkerConferenceState = 'live';
  private memberIds: readonly string[] = [];
  private destroying: Promise<void> | undefined;

  constructor(
    readonly id: string,
    readonly label: string,
    readonly group: string | undefined,
    readonly channel: WorkerChannel,
    private readonly onGone: (c: WorkerConference) => void,
  ) {}

  get members(): readonly string[] {
    return this.memberIds;
  }

  /** The worker's member list changed. */
  setMembers(members: string[]): void {
    this.memberIds = members;
  }

  private call(call: ConferenceCall): Promise<void> {
    if (this.state === 'destroyed') return Promise.reject(new MediaError('destroyed', `conference ${this.label} is destroyed`));
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
    const ep = this.member(endpoint, 'join');
    await this.call({ method: 'join', endpoint: ep.id, opts: this.wireJoin(opts, 'join') });
    // Joining leaves any bridge (as in the engine): a restore must not re-make it.
    ep.leaveBridge();
  }

  async setRole(endpoint: MediaEndpoint, opts: JoinOptions): Promise<void> {
    const ep = this.member(endpoint, 'setRole');
    await this.call({ method: 'setRole', endpoint: ep.id, opts: this.wireJoin(opts, 'setRole') });
  }

  async leave(endpoint: MediaEndpoint): Promise<void> {
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
    this.onGone(this);
  }
}

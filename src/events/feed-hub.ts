/**
 * The event feed's fan-out: one bus subscription for every connected client. Each event is
 * serialised, encoded and framed once (`FeedMessage`) and queued for every client that may see it
 * (tenant, role, topics — decided once per group of like viewers, per client only for agents); the
 * queues are written after the bus's batch, one write per client for all the events of that batch.
 * A client gets a snapshot (or what it missed, when it resumes) on connect, heartbeats both ways,
 * and is closed with a documented code when it stops answering or reads too slowly. Nothing here
 * can stall the bus: sends are non-blocking and a slow client is cut off, not waited for; what it
 * has not read yet is the same shared buffers the others were sent, not copies.
 */
import type { EventBus } from './event-bus.ts';
import { type EventEnvelope, isAnnouncementEvent, isCallEvent, isWallboardEvent } from './event-envelope.ts';
import type { InProcessLiveState } from './in-process-live-state.ts';
import type { LiveCall } from './live-state.ts';
import { CallParties } from './call-parties.ts';
import { CLOSE, parseClientMessage, topicOf } from './feed-protocol.ts';
import { FeedMessage } from './feed-message.ts';
import type { ServerMessage } from './feed-protocol.ts';
import { canSeeAcdEvent, canSeeAnnouncement, canSeeCall, canSeeWallboard, isOwnParty } from './viewer.ts';
import type { Viewer } from './viewer.ts';

/** The socket as the hub needs it (a `ws` WebSocket fits; `wsFeedSocket` adds the framed fast path). */
export interface FeedSocket {
  send(data: string): void;
  /**
   * Optional fast path: writes WebSocket text frames already built (`FeedMessage.frame`), several
   * in one write, with no re-encoding or re-framing per client.
   */
  writeFrames?(frames: readonly Buffer[]): void;
  close(code: number, reason: string): void;
  ping(): void;
  readonly bufferedAmount: number;
}

export interface FeedRequest {
  viewer: Viewer;
  /** Topics or exact event types; absent: everything. */
  topics?: string[];
  /** Resume: the stream the client's seqs are from, and its last seq per tenant. */
  resume?: { stream: string; seqs: Map<string, number> };
  /** Asked every `revalidateMs`: false closes the feed (4401: the session or key is gone). */
  stillAuthorized?: () => Promise<boolean>;
}

export interface FeedHubOptions {
  bus: EventBus;
  live: InProcessLiveState;
  /** Wall-clock milliseconds. */
  now(): number;
  heartbeatMs?: number;
  /** A client with more than this many bytes waiting to be sent is closed (4429). */
  maxBufferedBytes?: number;
  revalidateMs?: number;
  onError?(err: unknown): void;
}

class FeedClient {
  topics: Set<string> | undefined;
  lastHeard: number;
  /** Agents: the calls they were shown (sent a `call` message for). */
  readonly shownCalls = new Set<string>();
  /** Messages of the bus's current batch, written together when it is done. */
  pending: FeedMessage[] = [];
  /**
   * Clients with the same key see the same events (staff and API keys: tenant and topics); agents
   * have none — what they see depends on their own legs and offers.
   */
  visibilityKey: string | undefined;

  constructor(
    readonly socket: FeedSocket,
    readonly req: FeedRequest,
    now: number,
  ) {
    this.lastHeard = now;
    this.setTopics(req.topics);
  }

  setTopics(topics: readonly string[] | undefined): void {
    this.topics = topics ? new Set(topics) : undefined;
    const v = this.req.viewer;
    this.visibilityKey = v.own ? undefined : `${v.tenantId ?? '*'}|${topics ? [...this.topics!].sort().join(',') : '*'}`;
  }

  wants(type: string): boolean {
    return !this.topics || this.topics.has(type) || this.topics.has(topicOf(type));
  }
}

/** What a connected client can do: tell the hub what it heard, and leave. */
export interface FeedConnection {
  /** A text message from the client (subscribe, heartbeat). */
  received(raw: string): void;
  /** A pong (or any frame) from the client. */
  heard(): void;
  /** The socket closed. */
  closed(): void;
}

export class FeedHub {
  private readonly clients = new Set<FeedClient>();
  /** Clients with messages waiting for the end of the bus's batch. */
  private dirty: FeedClient[] = [];
  private readonly parties = new CallParties();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly revalidate: NodeJS.Timeout;
  readonly heartbeatMs: number;
  private readonly maxBuffered: number;

  constructor(private readonly opts: FeedHubOptions) {
    this.heartbeatMs = opts.heartbeatMs ?? 15_000;
    this.maxBuffered = opts.maxBufferedBytes ?? 1024 * 1024;
    this.unsubscribe = opts.bus.subscribe('event-feed', (e) => this.deliver(e));
    this.heartbeat = setInterval(() => this.beat(), this.heartbeatMs).unref();
    this.revalidate = setInterval(() => void this.recheck(), opts.revalidateMs ?? 60_000).unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Closes every client with 1001 (the platform is stopping). */
  stop(): void {
    this.unsubscribe();
    clearInterval(this.heartbeat);
    clearInterval(this.revalidate);
    for (const c of this.clients) c.socket.close(CLOSE.goingAway, 'platform stopping');
    this.clients.clear();
  }

  /**
   * A client connected: a snapshot, or what it missed when it resumes, then the live events. All of
   * it synchronously, so no event can fall between the snapshot and the subscription.
   */
  connect(socket: FeedSocket, req: FeedRequest): FeedConnection {
    const client = new FeedClient(socket, req, this.opts.now());
    if (!this.resume(client)) this.snapshot(client, this.resumeFailure(req));
    this.clients.add(client);
    return {
      received: (raw) => {
        client.lastHeard = this.opts.now();
        const m = parseClientMessage(raw);
        if (!m) return this.drop(client, CLOSE.badMessage, 'unreadable message');
        if (m.kind === 'subscribe') client.setTopics(m.topics);
      },
      heard: () => {
        client.lastHeard = this.opts.now();
      },
      closed: () => {
        this.clients.delete(client);
      },
    };
  }

  private resumeFailure(req: FeedRequest): 'gap' | 'stream' | undefined {
    if (!req.resume) return undefined;
    return req.resume.stream === this.opts.bus.stream ? 'gap' : 'stream';
  }

  private tenantsOf(viewer: Viewer): string[] {
    return viewer.tenantId !== null ? [viewer.tenantId] : [...this.opts.bus.lastSeqs().keys()];
  }

  private seqsFor(viewer: Viewer): Record<string, number> {
    const seqs: Record<string, number> = {};
    for (const t of this.tenantsOf(viewer)) seqs[t] = this.opts.bus.lastSeq(t);
    return seqs;
  }

  /** Sends what the client missed; false when the buffer no longer covers it (or another stream). */
  private resume(client: FeedClient): boolean {
    const resume = client.req.resume;
    const bus = this.opts.bus;
    if (!resume || resume.stream !== bus.stream) return false;
    const missed: EventEnvelope[] = [];
    for (const tenant of this.tenantsOf(client.req.viewer)) {
      const events = bus.since(tenant, resume.seqs.get(tenant) ?? 0);
      if (!events) return false;
      missed.push(...events);
    }
    this.send(client, { kind: 'resumed', stream: bus.stream, seqs: this.seqsFor(client.req.viewer), heartbeatMs: this.heartbeatMs });
    for (const e of missed) if (this.visible(client, e)) client.socket.send(eventMessage(e).json);
    return true;
  }

  /** What `viewer` may see of the live calls now, and the seqs that covers. */
  snapshotFor(viewer: Viewer): Extract<ServerMessage, { kind: 'snapshot' }> {
    const tenant = viewer.tenantId ?? undefined;
    const calls = this.opts.live.callsNow(tenant).filter((c) => canSeeCall(viewer, c.tenantId, this.parties.of(c.callId)));
    const own = viewer.own;
    const agents = this.opts.live.agentsNow(tenant).filter((a) => !own || a.userId === own.userId);
    const queues = own ? [] : this.opts.live.queuesNow(tenant);
    return { kind: 'snapshot', stream: this.opts.bus.stream, seqs: this.seqsFor(viewer), calls, agents, queues, heartbeatMs: this.heartbeatMs };
  }

  private snapshot(client: FeedClient, resumeFailed: 'gap' | 'stream' | undefined): void {
    const m = this.snapshotFor(client.req.viewer);
    if (client.req.viewer.own) for (const c of m.calls) client.shownCalls.add(c.callId);
    if (resumeFailed) m.resumeFailed = resumeFailed;
    this.send(client, m);
  }

  private visible(client: FeedClient, e: EventEnvelope): boolean {
    if (!client.wants(e.type)) return false;
    const d = e.data;
    if (isAnnouncementEvent(d)) return canSeeAnnouncement(client.req.viewer, d);
    if (isWallboardEvent(d)) return canSeeWallboard(client.req.viewer, d);
    return isCallEvent(d) ? canSeeCall(client.req.viewer, e.tenant, this.parties.of(d.callId)) : canSeeAcdEvent(client.req.viewer, d);
  }

  private deliver(e: EventEnvelope): void {
    this.parties.apply(e);
    if (this.clients.size === 0) return;
    let message: FeedMessage | undefined;
    // 1 000 supervisors of one tenant are one visibility check, not 1 000.
    const verdicts = new Map<string, boolean>();
    for (const client of this.clients) {
      const key = client.visibilityKey;
      let visible = key === undefined ? undefined : verdicts.get(key);
      if (visible === undefined) {
        visible = this.visible(client, e);
        if (key !== undefined) verdicts.set(key, visible);
      }
      if (!visible) continue;
      if (client.req.viewer.own) this.introduceCall(client, e);
      message ??= eventMessage(e);
      this.enqueue(client, message);
    }
  }

  /** Queues a message for the client; the queues are written once the bus's current batch is delivered. */
  private enqueue(client: FeedClient, message: FeedMessage): void {
    if (client.pending.length === 0) {
      if (this.dirty.length === 0) queueMicrotask(() => this.flush());
      this.dirty.push(client);
    }
    client.pending.push(message);
  }

  private flush(): void {
    const dirty = this.dirty;
    this.dirty = [];
    for (const client of dirty) {
      const messages = client.pending;
      client.pending = [];
      if (!this.clients.has(client)) continue;
      if (client.socket.bufferedAmount > this.maxBuffered) {
        this.drop(client, CLOSE.tooSlow, 'client reads too slowly; reconnect and resume');
        continue;
      }
      try {
        if (client.socket.writeFrames) client.socket.writeFrames(messages.map((m) => m.frame));
        else for (const m of messages) client.socket.send(m.json);
      } catch (err) {
        this.opts.onError?.(err);
        this.drop(client, CLOSE.goingAway, 'send failed');
      }
    }
  }

  /** An agent's leg joined a call: first the call as it is now, since its earlier events were not theirs. */
  private introduceCall(client: FeedClient, e: EventEnvelope): void {
    const d = e.data;
    if (!isCallEvent(d)) return;
    if (d.type === 'call.ended') {
      client.shownCalls.delete(d.callId);
      return;
    }
    if (client.shownCalls.has(d.callId)) return;
    client.shownCalls.add(d.callId);
    if (d.type !== 'leg.created' || !isOwnParty(client.req.viewer.own!, d.party)) return;
    const call: LiveCall | undefined = this.opts.live.callsNow(d.tenantId).find((c) => c.callId === d.callId);
    if (call) this.enqueue(client, new FeedMessage(JSON.stringify({ kind: 'call', call } satisfies ServerMessage)));
  }

  private send(client: FeedClient, m: ServerMessage): void {
    this.sendRaw(client, JSON.stringify(m));
  }

  private sendRaw(client: FeedClient, json: string): void {
    if (client.socket.bufferedAmount > this.maxBuffered) return this.drop(client, CLOSE.tooSlow, 'client reads too slowly; reconnect and resume');
    try {
      client.socket.send(json);
    } catch (err) {
      this.opts.onError?.(err);
      this.drop(client, CLOSE.goingAway, 'send failed');
    }
  }

  private drop(client: FeedClient, code: number, reason: string): void {
    this.clients.delete(client);
    try {
      client.socket.close(code, reason);
    } catch (err) {
      this.opts.onError?.(err);
    }
  }

  private beat(): void {
    const now = this.opts.now();
    const message = JSON.stringify({ kind: 'heartbeat', time: new Date(now).toISOString() } satisfies ServerMessage);
    for (const client of this.clients) {
      if (now - client.lastHeard > 2 * this.heartbeatMs) {
        this.drop(client, CLOSE.heartbeatTimeout, 'no heartbeat from the client');
        continue;
      }
      try {
        client.socket.ping();
      } catch {
        // The close event follows.
      }
      this.sendRaw(client, message);
    }
  }

  private async recheck(): Promise<void> {
    for (const client of [...this.clients]) {
      const check = client.req.stillAuthorized;
      if (!check) continue;
      const ok = await check().catch((err: unknown) => {
        this.opts.onError?.(err);
        return true; // a database hiccup is not a sign-out
      });
      if (!ok && this.clients.has(client)) this.drop(client, CLOSE.unauthenticated, 'session or API key no longer valid');
    }
  }
}

function eventMessage(e: EventEnvelope): FeedMessage {
  return new FeedMessage(JSON.stringify({ kind: 'event', ...e }));
}

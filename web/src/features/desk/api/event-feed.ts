// The desk's event feed: GET /api/v1/events over WebSocket (docs/events.md) with the session
// cookie. It answers the server's heartbeats, reconnects with back-off when the socket closes or
// goes silent for two heartbeat periods, and resumes from the last `stream`/`seq` it handed on, so
// a network blip loses no event (a gap too wide gets a fresh snapshot, which replaces the state).
import type { FeedMessage } from '../model/desk-state.ts';

export type FeedStatus = 'connecting' | 'open' | 'closed';

const TOPICS = 'call,leg,recording,agent,queue';
/** 4401: the session is gone — signing in again is the only cure; 4400: our own bug. */
const FINAL_CLOSE_CODES = new Set([4400, 4401]);

export class DeskFeed {
  #socket: WebSocket | undefined;
  #stopped = false;
  #retries = 0;
  #silenceTimer: ReturnType<typeof setTimeout> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #silenceMs = 30_000;
  /** Where the feed is: the stream and the last seq handed on (what a reconnection resumes from). */
  stream: string | undefined;
  seq = 0;
  /** How many times the feed (re)opened: 1 on the first connection. */
  opened = 0;

  constructor(
    private readonly onMessage: (m: FeedMessage) => void,
    private readonly onStatus: (s: FeedStatus, closeCode?: number) => void,
  ) {}

  start(): void {
    this.#stopped = false;
    this.#open();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#silenceTimer);
    clearTimeout(this.#retryTimer);
    this.#socket?.close(1000);
    this.#socket = undefined;
  }

  /** Drops the connection as a network blip would (the feed comes back by itself). */
  drop(): void {
    this.#socket?.close(4000, 'dropped by the desk');
  }

  #url(): string {
    const q = new URLSearchParams({ topics: TOPICS });
    if (this.stream && this.seq > 0) {
      q.set('stream', this.stream);
      q.set('after', String(this.seq));
    }
    return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/events?${q.toString()}`;
  }

  #open(): void {
    this.onStatus('connecting');
    const ws = new WebSocket(this.#url());
    this.#socket = ws;
    ws.onopen = () => {
      this.#retries = 0;
      this.opened += 1;
      this.onStatus('open');
      this.#heard();
    };
    ws.onmessage = (e) => {
      this.#heard();
      let m: FeedMessage;
      try {
        m = JSON.parse(String(e.data)) as FeedMessage;
      } catch {
        return;
      }
      if (m.kind === 'heartbeat') ws.send(JSON.stringify({ kind: 'heartbeat' }));
      if (m.kind === 'snapshot' || m.kind === 'resumed') {
        this.stream = m.stream;
        // A snapshot covers up to its seq; `resumed` names the newest seq, but the missed events
        // follow it, so the position moves only as they arrive.
        if (m.kind === 'snapshot') this.seq = Object.values(m.seqs)[0] ?? 0;
        if (typeof m.heartbeatMs === 'number') this.#silenceMs = 2 * m.heartbeatMs;
      }
      if (m.kind === 'event') this.seq = Math.max(this.seq, m.seq);
      this.onMessage(m);
    };
    ws.onclose = (e) => {
      if (this.#socket !== ws) return;
      clearTimeout(this.#silenceTimer);
      this.#socket = undefined;
      this.onStatus('closed', e.code);
      if (this.#stopped || FINAL_CLOSE_CODES.has(e.code)) return;
      const delay = Math.min(10_000, 500 * 2 ** this.#retries++);
      this.#retryTimer = setTimeout(() => this.#open(), delay);
    };
  }

  /** Anything heard resets the silence timer; silence for two periods means a dead connection. */
  #heard(): void {
    clearTimeout(this.#silenceTimer);
    const ws = this.#socket;
    this.#silenceTimer = setTimeout(() => ws?.close(4000, 'silent'), this.#silenceMs);
  }
}

/**
 * The wallboard's live state from the event feed (GET /api/v1/events): the snapshot on connect,
 * then events; on a drop it reconnects and resumes from the last seq (the server replays what was
 * missed), or takes the fresh snapshot it is sent when that is no longer possible — then the day's
 * figures are read again (GET /api/v1/wallboard, as of a seq). No polling: the only timer is the
 * once-a-second clock the waits and durations tick by.
 */
import { useEffect, useRef, useState } from 'react';
import { api, unwrap } from '@/shared/api/index.ts';
import { type Envelope, type Snapshot, WallboardState } from './wallboard-state.ts';

const TOPICS = 'call,leg,recording,agent,queue,callback,wallboard';
const MAX_BACKOFF_MS = 10_000;

export type FeedStatus = 'connecting' | 'live' | 'reconnecting' | 'signed-out';

type ServerMessage = ({ kind: 'snapshot' } & Snapshot) | { kind: 'resumed'; stream: string } | ({ kind: 'event' } & Envelope) | { kind: 'heartbeat' } | { kind: 'call' };

export interface WallboardFeed {
  state: WallboardState;
  status: FeedStatus;
  /** The server's events that raised an alert, for the page to announce (newest last). */
  onAlert(listener: (e: Envelope) => void): () => void;
}

export function useWallboardFeed(): WallboardFeed {
  const stateRef = useRef(new WallboardState());
  const listeners = useRef(new Set<(e: Envelope) => void>());
  const [, setVersion] = useState(0);
  const [status, setStatus] = useState<FeedStatus>('connecting');

  useEffect(() => {
    const state = stateRef.current;
    let ws: WebSocket | undefined;
    let stopped = false;
    let backoff = 500;
    let frame = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    // Many events a second (500 agents) render once a frame.
    const changed = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setVersion(state.version);
      });
    };
    const loadBoard = () => {
      unwrap(api.GET('/api/v1/wallboard'))
        .then((b) => {
          state.board(b);
          changed();
        })
        .catch(() => undefined); // the next snapshot reads it again
    };
    const connect = () => {
      const tenant = Object.keys(state.seqs)[0];
      const resume = state.stream && tenant ? `&stream=${encodeURIComponent(state.stream)}&after=${state.seqs[tenant] ?? 0}` : '';
      const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/events?topics=${TOPICS}${resume}`);
      ws = socket;
      socket.onmessage = (m) => {
        const msg = JSON.parse(String(m.data)) as ServerMessage;
        switch (msg.kind) {
          case 'snapshot':
            state.snapshot(msg);
            loadBoard();
            backoff = 500;
            setStatus('live');
            break;
          case 'resumed':
            backoff = 500;
            setStatus('live');
            break;
          case 'event':
            if (state.apply(msg) && msg.type === 'wallboard.alert' && msg.data.raised) for (const l of listeners.current) l(msg);
            break;
          case 'heartbeat':
            socket.send(JSON.stringify({ kind: 'heartbeat' }));
            return;
          default:
            return;
        }
        changed();
      };
      socket.onclose = (e) => {
        if (stopped || ws !== socket) return;
        if (e.code === 4401) {
          setStatus('signed-out');
          return;
        }
        setStatus('reconnecting');
        retry = setTimeout(connect, backoff);
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      };
    };
    connect();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      if (frame) cancelAnimationFrame(frame);
      ws?.close();
    };
  }, []);

  return {
    state: stateRef.current,
    status,
    onAlert: (listener) => {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
  };
}

/** A clock that ticks once a second (waits and durations on screen). */
export function useSecondClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return now;
}

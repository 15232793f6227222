import { useEffect, useRef, useState } from 'react';
import { EMPTY_FLOOR, applyFeedMessage, resumeQuery } from '../live/live-floor.ts';
import type { FeedMessage, LiveFloor } from '../live/live-floor.ts';

const TOPICS = 'call,leg,recording,agent';
/** Close codes after which reconnecting cannot help (docs/events.md). */
const FINAL_CLOSE = new Set([4400, 4401]);

/**
 * The tenant's live calls and agents from the event feed (no polling): a snapshot first, then the
 * events; after a dropped connection it reconnects and resumes from the last seq (or takes the
 * fresh snapshot the server sends when it cannot resume).
 */
export function useLiveFloor(): { floor: LiveFloor; connected: boolean } {
  const [floor, setFloor] = useState<LiveFloor>(EMPTY_FLOOR);
  const [connected, setConnected] = useState(false);
  const latest = useRef<LiveFloor>(EMPTY_FLOOR);

  useEffect(() => {
    let ws: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let backoffMs = 500;
    let stopped = false;
    const open = () => {
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      ws = new WebSocket(`${scheme}://${location.host}/api/v1/events?topics=${TOPICS}${resumeQuery(latest.current)}`);
      ws.onopen = () => {
        backoffMs = 500;
        setConnected(true);
      };
      ws.onmessage = (m) => {
        const msg = JSON.parse(String(m.data)) as FeedMessage;
        if (msg.kind === 'heartbeat') {
          ws?.send(JSON.stringify({ kind: 'heartbeat' }));
          return;
        }
        latest.current = applyFeedMessage(latest.current, msg);
        setFloor(latest.current);
      };
      ws.onclose = (e) => {
        setConnected(false);
        if (stopped || FINAL_CLOSE.has(e.code)) return;
        retry = setTimeout(open, backoffMs);
        backoffMs = Math.min(backoffMs * 2, 10_000);
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      ws?.close();
    };
  }, []);

  return { floor, connected };
}

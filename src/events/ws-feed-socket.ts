/**
 * A `ws` WebSocket as the feed hub's socket, with the framed fast path: the hub's frames, built
 * once per message for all clients, go straight to the TCP socket, all of one batch in one write
 * (cork/uncork: one writev). Only when no extension is negotiated (no permessage-deflate: `ws`'s
 * server default, and ours) — then `ws` itself writes exactly such frames, unbuffered, to the same
 * socket, so order and `bufferedAmount` stay right. Otherwise every message goes through `send`.
 */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { FeedSocket } from './feed-hub.ts';

export function wsFeedSocket(ws: WebSocket): FeedSocket {
  // `_socket` is ws's underlying net.Socket (undocumented but stable across ws 7–8).
  const raw = (ws as unknown as { _socket?: Socket })._socket;
  const socket: FeedSocket = {
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
    ping: () => ws.ping(),
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
  };
  if (raw !== undefined && ws.extensions === '') {
    socket.writeFrames = (frames) => {
      // Closing or closed: what was not sent is what a resume replays.
      if (ws.readyState !== ws.OPEN || raw.destroyed) return;
      raw.cork();
      for (const f of frames) raw.write(f);
      raw.uncork();
    };
  }
  return socket;
}

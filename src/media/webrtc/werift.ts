// werift (pure TypeScript WebRTC, MIT) is loaded on the first WebRTC leg only: an engine that never
// meets a browser does not pay its load time. We use its DTLS 1.2 (with the use_srtp extension and
// the RFC 5705 exporter) and its SRTP/SRTCP; ICE is our own ICE-lite (ice-lite.ts), SDP our own.
export type Werift = typeof import('werift');

let loading: Promise<Werift> | undefined;

export function loadWerift(): Promise<Werift> {
  loading ??= import('werift');
  return loading;
}

// The outcome of RFC 3264 offer/answer for the one audio stream an endpoint carries.

import type { AudioCodecName, MediaDirection } from '../media-engine-options.ts';

export interface NegotiatedAudio {
  /** Index of the accepted m-line in both offer and answer (RFC 3264 §6: same order). */
  mediaIndex: number;
  /** Where to send RTP: the far end's c= address and m= port (latching may correct the port). */
  remoteAddress: string;
  remotePort: number;
  /** a=rtcp (RFC 3605) when given, else RTP port + 1 (RFC 3550 §11). */
  remoteRtcpPort: number;
  codec: AudioCodecName;
  /** The codec's payload type on the wire (both ways: our answers reuse the offer's numbers). */
  payloadType: number;
  /** telephone-event PT the far end declared for receiving (what we send), when it has one. */
  sendTelephoneEventPt?: number;
  /** telephone-event PTs we accept from the far end (ours and theirs, RFC 3264 §6.1 "SHOULD"). */
  recvTelephoneEventPts: number[];
  /** The far end's a=ptime, default 20. */
  ptime: number;
  /** Our direction: whether we send and/or receive. */
  direction: MediaDirection;
  /** The far end does not want our audio: it holds us (a=sendonly/inactive, or the legacy c=0.0.0.0 of RFC 3264 §8.4). */
  remoteHold: boolean;
}

export function sends(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'sendonly';
}

export function receives(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'recvonly';
}

export function directionOf(send: boolean, recv: boolean): MediaDirection {
  if (send && recv) return 'sendrecv';
  if (send) return 'sendonly';
  if (recv) return 'recvonly';
  return 'inactive';
}

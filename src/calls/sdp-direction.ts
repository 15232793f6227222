/**
 * The direction an offer asks for, to mirror it on the other leg when re-INVITEs pass through
 * the B2BUA (hold puts the far side on sendonly; RFC 3264 §8.4).
 */
import { parseSdp } from '../media/sdp/sdp-parse.ts';
import { directionAttr } from '../media/sdp/offer-answer.ts';

export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export function offeredDirection(sdp: string): Direction {
  try {
    const session = parseSdp(sdp);
    const audio = session.media.find((m) => m.type === 'audio' && m.port !== 0);
    if (!audio) return 'inactive';
    const c = audio.connection ?? session.connection;
    // RFC 3264 §8.4: c=0.0.0.0 is the RFC 2543 way to hold.
    if (c && (c.address === '0.0.0.0' || c.address === '::')) return 'sendonly';
    return directionAttr(session, audio);
  } catch {
    return 'sendrecv';
  }
}

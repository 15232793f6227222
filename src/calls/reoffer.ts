/**
 * Our own re-INVITE to one leg with a new direction (RFC 3264 §8.4): `sendonly` puts the far end
 * on hold (it hears what we play: music), `sendrecv` takes it off.
 */
import type { MediaDirection, MediaEndpoint } from '../media/media-engine.ts';
import type { SipResponse } from '../sip/message/message.ts';
import { CallVerbError } from './call-verb-error.ts';

export interface ReofferableLeg {
  readonly sip: { reinvite(sdp: string): Promise<SipResponse> };
  readonly media: MediaEndpoint;
}

export async function reofferDirection(leg: ReofferableLeg, direction: MediaDirection): Promise<void> {
  const offer = await leg.media.createOffer({ direction });
  const res = await leg.sip.reinvite(offer);
  if (res.status < 200 || res.status >= 300) throw new CallVerbError('refused', `re-INVITE answered ${res.status} ${res.reason}`);
  await leg.media.setRemoteAnswer(res.body.toString('utf8'));
}

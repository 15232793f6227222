/** The NOTIFYs of a REFER's implicit subscription (RFC 3515 §2.4.4–2.4.5): blind and attended transfers report by them. */
import type { ServerTransaction } from '../sip/endpoint/sip-endpoint-types.ts';
import { createResponse } from '../sip/message/create-response.ts';
import type { InboundLeg } from './inbound-leg.ts';
import type { OutboundLeg } from './outbound-leg.ts';
import { legIsUp } from './leg-state.ts';

/** NOTIFYs of the REFER's implicit subscription on `leg`: its progress as message/sipfrag (RFC 3515 §2.4.5). */
function notifyReferProgress(leg: InboundLeg | OutboundLeg, onError: (err: unknown) => void): (status: number, reason: string, final: boolean) => void {
  return (status, reason, final) => {
    leg
      .request({
        method: 'NOTIFY',
        headers: { Event: 'refer', 'Subscription-State': final ? 'terminated;reason=noresource' : 'active;expires=60' },
        body: `SIP/2.0 ${status} ${reason}\r\n`,
        contentType: 'message/sipfrag;version=2.0',
      })
      .catch((err: unknown) => {
        // The transferor may have hung up already (blind transfer): nobody to tell. Any other failure is reported.
        if (legIsUp(leg.state)) onError(err);
      });
  };
}

/** Accepts the REFER (202, our Contact: it creates the subscription's dialog usage) and says 100 Trying; resolves how to NOTIFY what follows. */
export function acceptRefer(leg: InboundLeg | OutboundLeg, tx: ServerTransaction, onError: (err: unknown) => void): (status: number, reason: string, final: boolean) => void {
  const accepted = createResponse(tx.request, 202, 'Accepted');
  accepted.headers.setContact([leg.contact]);
  tx.respond(accepted);
  const notify = notifyReferProgress(leg, onError);
  notify(100, 'Trying', false);
  return notify;
}

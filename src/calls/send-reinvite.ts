/**
 * Sends a re-INVITE with a new offer inside a dialog and ACKs its 2xx (§14.1); resolves the final
 * response (a 408/503 is synthesised for a timeout or transport failure).
 */
import type { SipResponse } from '../sip/message/message.ts';
import { createResponse } from '../sip/message/create-response.ts';
import type { Dialog } from '../sip/dialog/dialog.ts';
import type { NameAddr } from '../sip/message/name-addr.ts';
import type { UserAgentCore } from '../sip/ua/user-agent-core.ts';
import type { Target } from '../sip/endpoint/sip-endpoint-types.ts';

/** `flow`: send over this connection instead of resolving the remote target (see InboundLeg.flow). */
export function sendReinvite(ua: UserAgentCore, dialog: Dialog, sdp: string, contact: NameAddr, flow?: Target): Promise<SipResponse> {
  const req = dialog.createRequest('INVITE', { contact, body: Buffer.from(sdp), contentType: 'application/sdp' });
  const ack = () => ua.sendAck(dialog.createAck(req.headers.cseq().seq, contact), flow);
  return new Promise((resolve) => {
    ua.send(req, {
      onFinal: (res) => {
        if (res.status >= 200 && res.status < 300) {
          dialog.refreshFromResponse(res);
          ack();
        }
        resolve(res);
      },
      onRetransmitted2xx: ack,
      onTimeout: () => resolve(createResponse(req, 408)),
      onTransportError: () => resolve(createResponse(req, 503)),
    }, flow);
  });
}

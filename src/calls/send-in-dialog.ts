/**
 * Sends a request other than INVITE/ACK/BYE inside a dialog (NOTIFY of a REFER's progress) and
 * resolves its final response (a 408/503 is synthesised for a timeout or a transport failure).
 */
import type { SipResponse } from '../sip/message/message.ts';
import { createResponse } from '../sip/message/create-response.ts';
import type { Dialog } from '../sip/dialog/dialog.ts';
import type { UserAgentCore } from '../sip/ua/user-agent-core.ts';
import type { Target } from '../sip/endpoint/sip-endpoint-types.ts';

export interface InDialogRequest {
  method: string;
  headers?: Record<string, string>;
  body?: string;
  contentType?: string;
}

export function sendInDialog(ua: UserAgentCore, dialog: Dialog, r: InDialogRequest, flow?: Target): Promise<SipResponse> {
  const req = dialog.createRequest(r.method, { contact: ua.contact(), ...(r.body !== undefined ? { body: Buffer.from(r.body) } : {}), ...(r.contentType ? { contentType: r.contentType } : {}) });
  for (const [name, value] of Object.entries(r.headers ?? {})) req.headers.set(name, value);
  return new Promise((resolve) => {
    ua.send(req, {
      onFinal: resolve,
      onTimeout: () => resolve(createResponse(req, 408)),
      onTransportError: () => resolve(createResponse(req, 503)),
    }, flow);
  });
}

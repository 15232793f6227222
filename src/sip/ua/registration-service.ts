/**
 * REGISTER handling for agents' phones: digest authentication, then the registrar (§10.3). The
 * address-of-record is the authenticated SIP username; a phone may only register itself.
 */
import { createResponse } from '../message/create-response.ts';
import type { ServerTransaction } from '../endpoint/sip-endpoint-types.ts';
import type { Registrar } from '../registrar/registrar.ts';
import type { DigestGate } from './digest-gate.ts';

export class RegistrationService {
  constructor(
    private readonly gate: DigestGate,
    readonly registrar: Registrar,
  ) {}

  handle(tx: ServerTransaction): void {
    this.register(tx).catch(() => tx.respond(createResponse(tx.request, 500, 'Registrar Error')));
  }

  private async register(tx: ServerTransaction): Promise<void> {
    const user = await this.gate.authenticate(tx, 'www');
    if (!user) return;
    const req = tx.request;
    const to = req.headers.to().uri;
    // §10.3 step 6: the registrar decides whether this user may modify the bindings of this AOR.
    if (to.kind !== 'sip' || to.user !== user.username) {
      tx.respond(createResponse(req, 403, 'Not Your Address'));
      return;
    }
    const result = this.registrar.handle(req, tx.source, user.username);
    const res = createResponse(req, result.status, result.reason);
    if (result.status === 200) {
      if (result.contacts.length > 0) {
        res.headers.setContact(result.contacts.map((c) => ({ ...c.contact, params: new Map([...c.contact.params, ['expires', String(c.expires)]]) })));
      }
    }
    if (result.minExpires !== undefined) res.headers.set('Min-Expires', String(result.minExpires));
    tx.respond(res);
  }
}

/**
 * §12.1.1 / §12.1.2: a dialog's remote target (the peer's Contact) and route set MUST be SIP or
 * SIPS URIs. A peer that breaks this (a `tel:` Contact from a carrier's odd gateway) would leave
 * us with in-dialog requests — the ACK, a BYE — we cannot route, and a call that cannot be hung
 * up. Such a dialog's requests go where its INVITE came from or went to instead.
 */
import type { Dialog } from '../sip/dialog/dialog.ts';

export function routableByUri(dialog: Dialog): boolean {
  const first = dialog.routeSet[0];
  return (first ? first.uri : dialog.remoteTarget).kind === 'sip';
}

/**
 * The desk's presence in the running platform: a browser softphone's registration (a binding over
 * ws/wss) is the desk's SIP flow. When the last such binding of a SIP user goes (its WebSocket
 * closed), the ACD is not told at once as for a desk phone: the desk waits its grace
 * (HOTLINE_DESK_GRACE) — a reload re-registers — and then makes the agent not ready
 * (`desk_closed`, the feed closed too) or reports the phone lost (the page is still open).
 * Everything else about registrations goes to the ACD's handler unchanged.
 */
import type { InMemoryAcdEngine } from '../acd/in-memory-acd-engine.ts';
import type { Desk } from '../desk/desk.ts';
import type { Registrar } from '../sip/registrar/registrar.ts';

export function wireDeskRegistrations(deps: {
  registrar: Registrar;
  desk: Desk;
  /** The account a SIP user name belongs to. */
  sipAccount(username: string): Promise<{ tenantId: string; userId: string } | undefined>;
  log(line: string): void;
}): () => void {
  const { registrar, desk } = deps;
  const acdHandler = registrar.onChange;
  const overWebSocket = new Set<string>();
  // Per SIP user, account look-ups are applied in the order the changes came.
  const chains = new Map<string, Promise<void>>();
  registrar.onChange = (aor) => {
    const bindings = registrar.lookup(aor);
    const was = overWebSocket.has(aor);
    const now = bindings.some((b) => b.source.transport === 'ws' || b.source.transport === 'wss');
    if (now) overWebSocket.add(aor);
    else overWebSocket.delete(aor);
    // A browser's flow closing: the desk decides after its grace; anything else is the ACD's at once.
    if (!(was && bindings.length === 0)) acdHandler?.(aor);
    if (was === now) return;
    const next = (chains.get(aor) ?? Promise.resolve())
      .then(async () => {
        const account = await deps.sipAccount(aor);
        if (account) desk.presence.softphone(account.tenantId, account.userId, aor, now);
      })
      .catch((err: unknown) => deps.log(`desk presence of ${aor} failed: ${(err as Error).message}`))
      .finally(() => {
        if (chains.get(aor) === next) chains.delete(aor);
      });
    chains.set(aor, next);
  };
  return () => {
    registrar.onChange = acdHandler;
  };
}

/** What the desk's presence does to the ACD: desk gone → not ready; a softphone lost past the grace → the registration is lost (unless it came back). */
export function deskPresenceActions(engine: InMemoryAcdEngine, registrar: Registrar) {
  return {
    deskGone: (tenantId: string, userId: string) => engine.deskClosed(tenantId, userId),
    phoneGone: (tenantId: string, sipUsername: string) => {
      if (registrar.lookup(sipUsername).length === 0) engine.registrationLost(tenantId, sipUsername);
    },
  };
}

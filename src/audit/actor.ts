/** Who made a change: a signed-in user, an API key, or the platform itself (import, start-up). */
export interface Actor {
  readonly kind: 'user' | 'api-key' | 'system';
  /** The user or key id; null for the system. */
  readonly id: string | null;
  /** A readable name kept in the log even after the user or key is gone. */
  readonly name: string;
  /** The client address the change came from, when it came over the network. */
  readonly ip?: string | null;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, name: 'system' };

export function systemActor(name: string): Actor {
  return { kind: 'system', id: null, name };
}

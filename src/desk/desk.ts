/**
 * The agent desk's server side (issue 14) as the platform runs it: the call book the screen pop
 * reads (desk-call-book.ts) and the desk's presence (desk-presence.ts), told by the bus when an
 * agent whose desk went during a call is off it. Started by the composition root, handed to the API.
 */
import type { EventBus } from '../events/event-bus.ts';
import type { Clock } from '../kernel/clock.ts';
import { DeskCallBook } from './desk-call-book.ts';
import { DeskPresence, type DeskPresenceOptions } from './desk-presence.ts';

export interface Desk {
  book: DeskCallBook;
  presence: DeskPresence;
  stop(): void;
}

export function startDesk(deps: { bus: EventBus; clock: Clock; graceMs: number } & Pick<DeskPresenceOptions, 'deskGone' | 'phoneGone'>): Desk {
  const book = new DeskCallBook(deps.bus);
  const presence = new DeskPresence({ clock: deps.clock, graceMs: deps.graceMs, deskGone: deps.deskGone, phoneGone: deps.phoneGone });
  const unsubscribe = deps.bus.subscribe('desk-presence', (e) => {
    const d = e.data;
    if (d.type === 'agent.state_changed' && (d.state === 'ready' || d.state === 'wrap_up')) presence.agentIdle(d.tenantId, d.userId);
  });
  return {
    book,
    presence,
    stop: () => {
      unsubscribe();
      presence.stop();
      book.stop();
    },
  };
}

/**
 * The agent desk's server side (issue 14) as the platform runs it: the call book the screen pop
 * reads (desk-call-book.ts). Started by the composition root, handed to the API.
 */
import type { EventBus } from '../events/event-bus.ts';
import { DeskCallBook } from './desk-call-book.ts';

export interface Desk {
  book: DeskCallBook;
  stop(): void;
}

export function startDesk(deps: { bus: EventBus }): Desk {
  const book = new DeskCallBook(deps.bus);
  return {
    book,
    stop: () => book.stop(),
  };
}

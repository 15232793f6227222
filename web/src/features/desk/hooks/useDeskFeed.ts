import { useEffect, useReducer, useRef, useState } from 'react';
import { DeskFeed } from '../api/event-feed.ts';
import type { FeedStatus } from '../api/event-feed.ts';
import { EMPTY_DESK, deskReducer } from '../model/desk-state.ts';
import type { DeskState } from '../model/desk-state.ts';

/** The desk's picture of the agent, their offers and calls, kept by the event feed. */
export function useDeskFeed(): { desk: DeskState; status: FeedStatus; feed: DeskFeed | undefined } {
  const [desk, dispatch] = useReducer(deskReducer, EMPTY_DESK);
  const [status, setStatus] = useState<FeedStatus>('connecting');
  const feed = useRef<DeskFeed>();
  useEffect(() => {
    const f = new DeskFeed(dispatch, setStatus);
    feed.current = f;
    f.start();
    return () => f.stop();
  }, []);
  return { desk, status, feed: feed.current };
}

import { useEffect, useState } from 'react';

/** The time now, updated every second while `on` (countdowns and talk timers). */
export function useNow(on = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return undefined;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [on]);
  return now;
}

/** Whole seconds from `from` to `to` (never negative). */
export const secondsBetween = (from: number, to: number): number => Math.max(0, Math.round((to - from) / 1000));

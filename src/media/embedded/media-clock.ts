// The time source of the embedded engine, injectable so pacing can be tested with fake time.

export interface TimerHandle {
  cancel(): void;
}

export interface MediaClock {
  /** Monotonic milliseconds (fractional allowed). */
  now(): number;
  /** Runs `fn` once after `ms`. */
  setTimer(ms: number, fn: () => void): TimerHandle;
}

export const systemMediaClock: MediaClock = {
  now: () => performance.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(t) };
  },
};

/**
 * What the operator's `GET /api/v1/platform/health` reports: the live counts that the public
 * `/healthz` no longer shows (they told anyone how busy the platform was). Kept flat and small so
 * an operator page or a monitoring probe can read it without a client library.
 */
export interface PlatformHealth {
  /** The SIP port the platform listens on (UDP and TCP). */
  readonly sipPort: number;
  /** Calls under way (inbound legs with a live call). */
  readonly activeCalls: number;
  /** Registered contacts of agents' SIP phones. */
  readonly registrations: number;
  /** Calls started per second, averaged over the last ten seconds. */
  readonly callsPerSecond: number;
  /** Live media endpoints per worker thread; empty when media runs embedded in the main thread. */
  readonly mediaWorkers: readonly number[];
  /** When this process started (ISO-8601 UTC). */
  readonly startedAt: string;
}

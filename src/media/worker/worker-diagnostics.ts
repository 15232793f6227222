// What one media worker reports about itself (engine.diagnostics(): benchmarks and operations).

export interface WorkerDiagnostics {
  index: number;
  /** Live endpoints in the worker's engine. */
  endpoints: number;
  /** Recordings under way (finalised ones, stopped or ended with their endpoints, are not counted). */
  recordings: number;
  /** 20 ms frames its frame clock skipped because the thread was stalled (plays, mixes, recordings). */
  skippedTicks: number;
  /** Event-loop delay of the worker thread since the last reset, in ms (perf_hooks histogram). */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** The worker isolate's V8 heap in use, bytes. */
  heapUsed: number;
}

/** The tenant's queues as a routing group or a menu key may name them (C9): ids and names. */
import type { AcdEngine } from '../acd/acd-engine.ts';

export function queueRefs(engine: AcdEngine, tenantId: string): ReadonlySet<string> {
  return new Set(engine.queueFigures(tenantId).flatMap((q) => [q.queueId, q.name]));
}

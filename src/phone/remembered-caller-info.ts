/**
 * Caller attribution, remembered per raw number (bounded): routing and the call record both
 * describe the caller of every call, libphonenumber's parse and the geocoder cost ≈ 0.2 ms on the
 * INVITE path, and a number's region does not change. A failed lookup is not remembered.
 */
import { describeCaller } from './caller-info.ts';
import type { CallerInfo } from './caller-info.ts';

const described = new Map<string, Promise<CallerInfo>>();
const MAX_DESCRIBED = 50_000;

export function describeCallerRemembered(raw: string): Promise<CallerInfo> {
  let p = described.get(raw);
  if (!p) {
    p = describeCaller(raw);
    if (described.size >= MAX_DESCRIBED) described.clear();
    described.set(raw, p);
    p.catch(() => described.delete(raw));
  }
  return p;
}

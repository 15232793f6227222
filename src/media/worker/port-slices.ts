// Splits one RTP port range into disjoint slices, one per media worker, each holding whole
// even/odd pairs (RFC 3550 §11: RTP on an even port, RTCP on the next odd one).

import { parsePortRange } from '../ports/port-allocator.ts';

/** The RTP/RTCP pairs a "min-max" range holds. Throws RangeError on a malformed range. */
export function portPairs(text: string): number {
  const range = parsePortRange(text);
  const first = range.min % 2 === 0 ? range.min : range.min + 1;
  return Math.floor((range.max - first + 1) / 2);
}

/** "20000-29999" into `count` "min-max" slices of (nearly) equal pair counts. Throws RangeError. */
export function slicePortRange(text: string, count: number): string[] {
  const range = parsePortRange(text);
  const first = range.min % 2 === 0 ? range.min : range.min + 1;
  const pairs = portPairs(text);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`media worker count must be a positive integer, got ${count}`);
  if (pairs < count) throw new RangeError(`RTP port range ${text} holds ${pairs} pair(s), fewer than ${count} media workers`);
  const slices: string[] = [];
  let start = first;
  for (let i = 0; i < count; i++) {
    const n = Math.floor(pairs / count) + (i < pairs % count ? 1 : 0);
    slices.push(`${start}-${start + 2 * n - 1}`);
    start += 2 * n;
  }
  return slices;
}

/**
 * Ids that sort in creation order: UUIDv7 (RFC 9562 §5.7) with a dedicated counter in `rand_a`
 * (RFC 9562 §6.2, Method 1), so ids made within one millisecond — common with an injected clock,
 * or a burst of call charges — still list in the order they were made (ledger entries by
 * (created_at, id), audit entries). Ids from different processes in one millisecond are unordered
 * among themselves, which is honest: those were concurrent.
 */
import { randomBytes } from 'node:crypto';

const MAX_COUNTER = 0xfff;
let lastMs = -1;
let counter = 0;

export function uuidV7(nowMs: number = Date.now()): string {
  // §6.2: "the counter ... MUST be incremented for every new UUID within the same timestamp";
  // on overflow (or a clock step back) borrow the next millisecond rather than lose order.
  if (nowMs > lastMs) {
    lastMs = nowMs;
    counter = 0;
  } else if (counter < MAX_COUNTER) {
    counter += 1;
  } else {
    lastMs += 1;
    counter = 0;
  }
  const rand = randomBytes(9);
  const time = lastMs.toString(16).padStart(12, '0');
  const variant = (0x8 | ((rand[0] ?? 0) & 0x3)).toString(16);
  const tail = rand.subarray(1).toString('hex').slice(0, 15);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${counter.toString(16).padStart(3, '0')}-${variant}${tail.slice(0, 3)}-${tail.slice(3, 15)}`;
}

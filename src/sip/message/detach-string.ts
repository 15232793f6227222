// A copy of a string that shares no memory with the message it was parsed from. V8 represents a
// substring (slice, a parsed header value) as a view of its parent string, and a `+` result as a
// pair of its parts: keeping a 20-character Call-ID for 32 s may keep the whole 1 KiB datagram
// text it came from. State that outlives its message (lingering transactions, re-ACK data) keeps
// detached copies.
export function detachString(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/**
 * Q.850 cause values a driver may hang up with, carried in the BYE's Reason header (RFC 3326:
 * `Reason: Q.850;cause=16;text="Normal call clearing"`), so the far switch and the call record
 * say why the platform ended the call.
 */
export const Q850_CAUSES = {
  16: 'Normal call clearing',
  17: 'User busy',
  19: 'No answer from user',
  21: 'Call rejected',
  31: 'Normal, unspecified',
  34: 'No circuit/channel available',
  41: 'Temporary failure',
  102: 'Recovery on timer expiry',
} as const;

export type Q850Cause = keyof typeof Q850_CAUSES;

export function isQ850Cause(n: number): n is Q850Cause {
  return Object.hasOwn(Q850_CAUSES, n);
}

/** The Reason header value for `cause`. */
export function q850Reason(cause: Q850Cause): string {
  return `Q.850;cause=${cause};text="${Q850_CAUSES[cause]}"`;
}

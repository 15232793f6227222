/** A 401/407 challenge this client cannot answer (malformed, unknown scheme or algorithm, auth-int only). */
export class DigestChallengeError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`cannot answer challenge: ${reason}`);
    this.name = 'DigestChallengeError';
    this.reason = reason;
  }
}

// SIP digest authentication: server (challenge / verify) and client (answer a trunk's challenge).
export { DigestAuthenticator } from './digest-authenticator.ts';
export type { DigestAuthenticatorOptions, VerifyResult, Ha1Lookup } from './digest-authenticator.ts';
export { computeHa1, computeDigestResponse } from './digest-response.ts';
export type { DigestInputs } from './digest-response.ts';
export { answerChallenge, pickChallenge } from './answer-challenge.ts';
export type { AnswerOptions } from './answer-challenge.ts';
export { DigestChallengeError } from './digest-challenge-error.ts';
export { parseAuthValue, formatAuthValue } from './digest-params.ts';
export type { AuthValue } from './digest-params.ts';
export type { DigestAlgorithm } from './digest-algorithm.ts';

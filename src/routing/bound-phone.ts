/** A phone a 400 number rings: a PSTN number reached through a trunk, or a registered SIP user. */
export type BoundPhoneKind = 'pstn' | 'sip';

export interface BoundPhone {
  kind: BoundPhoneKind;
  /** E.164 for `pstn` (`+8613800138000`), the SIP username for `sip`. */
  target: string;
}

/** REQUIREMENTS R1: up to 20 bound phones per number. */
export const MAX_BOUND_PHONES = 20;

export class BoundPhoneError extends Error {
  readonly statusCode = 422;
  constructor(readonly code: 'TOO_MANY_PHONES' | 'BAD_TARGET' | 'DUPLICATE_TARGET' | 'UNKNOWN_SIP_USER' | 'DESTINATION_NOT_ALLOWED', message: string) {
    super(message);
  }
}

export function validateBoundPhones(phones: BoundPhone[]): void {
  if (phones.length > MAX_BOUND_PHONES) throw new BoundPhoneError('TOO_MANY_PHONES', `at most ${MAX_BOUND_PHONES} bound phones per number, got ${phones.length}`);
  const seen = new Set<string>();
  for (const p of phones) {
    if (p.kind === 'pstn' && !/^\+\d{6,15}$/.test(p.target)) throw new BoundPhoneError('BAD_TARGET', `PSTN target must be E.164 (+86…), got '${p.target}'`);
    if (p.kind === 'sip' && !/^[A-Za-z0-9._\-+]{1,64}$/.test(p.target)) throw new BoundPhoneError('BAD_TARGET', `SIP username '${p.target}' is not valid`);
    const key = `${p.kind}:${p.target}`;
    if (seen.has(key)) throw new BoundPhoneError('DUPLICATE_TARGET', `${p.target} is bound twice`);
    seen.add(key);
  }
}

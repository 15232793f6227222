import { Scanner } from './scanner.ts';

/** CSeq (RFC 3261 §20.16): a sequence number below 2^31 and the request method. */
export interface CSeq {
  seq: number;
  method: string;
}

/** "The sequence number value MUST be expressible as a 32-bit unsigned integer and MUST be less than 2**31" (§8.1.1.5). */
export const MAX_CSEQ = 2 ** 31 - 1;

export function parseCSeq(text: string): CSeq {
  const sc = new Scanner(text, 'CSeq');
  sc.ws();
  const seq = sc.digits(MAX_CSEQ);
  if (!sc.ws()) sc.fail('expected whitespace');
  const method = sc.token();
  sc.ws();
  if (!sc.atEnd()) sc.fail('trailing characters');
  return { seq, method };
}

export function formatCSeq(c: CSeq): string {
  return `${c.seq} ${c.method}`;
}

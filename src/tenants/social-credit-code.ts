/**
 * The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters drawn from
 * 31 symbols (digits and the capitals without I, O, Z, S, V), the last one a check character.
 */

/** GB 32100-2015 §4.1 table: the code's alphabet, each symbol's value is its index. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 32100-2015 §4.3: "Wi — the weighting factor of position i" for positions 1–17. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Shape: registration authority (1 symbol), entity type (1), administrative division (6 digits),
 * organisation code (9), check (1). */
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/**
 * The check character for the first 17 symbols. GB 32100-2015 §4.3:
 * "C18 = 31 − MOD(Σ Ci × Wi, 31)"; a result of 31 is written as 0.
 */
export function socialCreditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) throw new RangeError(`not a social credit code symbol: '${first17.charAt(i)}'`);
    sum += value * (WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET.charAt(check);
}

/** Normalises (trim, upper case) and validates a code; returns it or undefined when invalid. */
export function parseSocialCreditCode(input: string): string | undefined {
  const code = input.trim().toUpperCase();
  if (!SHAPE.test(code)) return undefined;
  return socialCreditCheckChar(code.slice(0, 17)) === code.charAt(17) ? code : undefined;
}

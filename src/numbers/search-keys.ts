/**
 * Search keys computed once when a number enters the pool, so a search of a million numbers is an
 * index range scan (REQUIREMENTS N5):
 *
 * - `revDigits`: the 10 digits reversed. "Ends with 8888" is the prefix `8888` of `revDigits`.
 * - `revShape`: the last 6 digits reversed, written as letters by first appearance. The tail shape
 *   of any length ≤ 6 is then a prefix: 4006126688 → tail reversed 886621 → `AABBCD`; "ends in
 *   AABB" asks for the prefix `AABB` (the canonical form of BBAA reversed).
 */
const SHAPE_LETTERS = 'ABCDEFGHIJ';
export const SHAPE_TAIL = 6;

export function reverseDigits(digits: string): string {
  return [...digits].reverse().join('');
}

/** Letters by first appearance: `8866` → `AABB`, `1212` → `ABAB`, `XXYY` → `AABB`. */
export function canonicalShape(symbols: string): string {
  const seen = new Map<string, string>();
  let out = '';
  for (const c of symbols) {
    let letter = seen.get(c);
    if (letter === undefined) {
      letter = SHAPE_LETTERS[seen.size] ?? '?';
      seen.set(c, letter);
    }
    out += letter;
  }
  return out;
}

export interface SearchKeys {
  revDigits: string;
  revShape: string;
}

export function searchKeys(digits: string): SearchKeys {
  const revDigits = reverseDigits(digits);
  return { revDigits, revShape: canonicalShape(revDigits.slice(0, SHAPE_TAIL)) };
}

/** The `revShape` prefix for a tail shape written left to right (`AABB`, `ABAB`, `AAA`). */
export function shapePrefix(shape: string): string {
  return canonicalShape(reverseDigits(shape));
}

/**
 * The exclusive upper bound of a prefix range (`'8888'` → `'8889'`, `'89'` → `'9'`), or undefined
 * when every string with the prefix sorts last. Built from the same alphabet as the prefix so the
 * range holds under any collation that orders digits and capitals in their usual order.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix[i] as string;
    if (c !== '9' && c !== 'Z') return prefix.slice(0, i) + String.fromCharCode(c.charCodeAt(0) + 1);
  }
  return undefined;
}

/** The distinct 3-digit substrings of the 7 digits after 400 (rows of `number_search_gram`). */
export function searchGrams(digits: string): string[] {
  const tail = digits.slice(3);
  const grams = new Set<string>();
  for (let i = 0; i + GRAM <= tail.length; i++) grams.add(tail.slice(i, i + GRAM));
  return [...grams];
}

export const GRAM = 3;

/**
 * Reads the shorthand people type in a search box (seed 000: "尾号8888", "含520"):
 * `*8888` ends with · `4008*` starts with · `*520*`, `520`, `contains 520` contains ·
 * `AABB`, `*AABB` tail shape · a full number (any spelling) is that exact number.
 */
import { NumberError } from './number-error.ts';
import { tryNormalizeNumber } from './number-format.ts';

export interface ParsedSearchPattern {
  prefix?: string;
  endsWith?: string;
  contains?: string;
  shape?: string;
}

export function parseSearchPattern(input: string): ParsedSearchPattern {
  const text = typeof input === 'string' ? input.trim() : '';
  const exact = tryNormalizeNumber(text);
  if (exact !== undefined) return { prefix: exact };
  const contains = /^(?:contains\s+|含)?\*?(\d{1,9})\*?$/i.exec(text);
  const m = /^(\*?)(\d{1,10}|[A-Z]{2,6})(\*?)$/.exec(text);
  if (m !== null) {
    const [, lead, body = '', trail] = m;
    if (/^[A-Z]+$/.test(body)) return { shape: body };
    if (lead === '*' && trail === '') return { endsWith: body };
    if (lead === '' && trail === '*') return { prefix: body };
  }
  if (contains !== null) return { contains: contains[1] as string };
  throw new NumberError('NUMBER_SEARCH_INVALID', `cannot read the search pattern '${text.slice(0, 40)}' (try *8888, 4008*, 520 or AABB)`);
}

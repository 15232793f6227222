// Character classes of RFC 3261 §25.1, as lookup tables indexed by char code (ASCII only).

function table(chars: string, alnum: boolean): Uint8Array {
  const t = new Uint8Array(128);
  if (alnum) {
    for (let c = 48; c <= 57; c++) t[c] = 1;
    for (let c = 65; c <= 90; c++) t[c] = 1;
    for (let c = 97; c <= 122; c++) t[c] = 1;
  }
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}

/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
export const TOKEN = table("-.!%*_+`'~", true);
/** Characters of a generic parameter value that is not quoted: token / host (IPv6 included). */
export const PARAM_VALUE = table("-.!%*_+`'~:[]", true);
/** unreserved / user-unreserved (escaped handled separately): the characters of a URI user part. */
export const URI_USER = table("-_.!~*'()&=+$,;?/", true);
/**
 * What the parser accepts in a user part: URI_USER plus "#", which RFC 3261 wants escaped but
 * softphones send raw in dial strings like "*86#" (it is escaped again on output).
 */
export const URI_USER_LENIENT = table("-_.!~*'()&=+$,;?/#", true);
/** unreserved / "&" / "=" / "+" / "$" / "," : the characters of a URI password. */
export const URI_PASSWORD = table("-_.!~*'()&=+$,", true);
/** paramchar = param-unreserved / unreserved (escaped handled separately) */
export const URI_PARAM = table("[]/:&+$-_.!~*'()", true);
/** hnv-unreserved / unreserved (escaped handled separately) */
export const URI_HEADER = table("[]/?:+$-_.!~*'()", true);
/** hostname characters (alphanum, "-", "."; "_" tolerated because real peers use it). */
export const HOST = table('-._', true);
/** Characters allowed inside an IPv6 reference. */
export const IPV6 = table(':.0123456789abcdefABCDEF', false);
/** Characters allowed in an absolute URI (RFC 3986 reserved / unreserved / "%"). */
export const ABSOLUTE_URI = table("-._~:/?#[]@!$&'()*+,;=%", true);
/** Scheme characters after the first letter. */
export const SCHEME = table('+-.', true);

export function isIn(set: Uint8Array, code: number): boolean {
  return code < 128 && set[code] === 1;
}

/** True when every char of `s` from `from` to `to` is in `set` (and the range is not empty). */
export function allIn(set: Uint8Array, s: string, from = 0, to = s.length): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || set[c] !== 1) return false;
  }
  return true;
}

export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

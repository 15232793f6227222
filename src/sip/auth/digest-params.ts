import { PARAM_VALUE, TOKEN } from '../message/char-classes.ts';
import { Scanner, quote } from '../message/scanner.ts';

/** A parsed challenge or credentials value: `scheme` plus auth-params (names lower-cased, values unquoted). */
export interface AuthValue {
  scheme: string;
  params: Map<string, string>;
}

/**
 * challenge / credentials = auth-scheme LWS auth-param *(COMMA auth-param) (RFC 3261 §25.1,
 * RFC 7616 §3.3-§3.4); auth-param = token EQUAL ( token / quoted-string ). Throws SipParseError.
 */
export function parseAuthValue(text: string): AuthValue {
  const sc = new Scanner(text, 'credentials');
  sc.ws();
  const scheme = sc.token();
  const params = new Map<string, string>();
  if (!sc.ws() && !sc.atEnd()) sc.fail('expected whitespace after scheme');
  while (!sc.atEnd()) {
    const name = sc.token().toLowerCase();
    sc.expect('=');
    // Values are tokens or quoted strings; a few peers leave URIs and lists unquoted, which
    // PARAM_VALUE (token plus ":" "[" "]") tolerates.
    const value = sc.peek() === 34 ? sc.quoted().text : sc.run(PARAM_VALUE, 'value');
    if (params.has(name)) sc.fail(`duplicate ${name}`);
    params.set(name, value);
    sc.ws();
    if (sc.atEnd()) break;
    sc.expect(',');
  }
  return { scheme, params };
}

/** Formats `Scheme a=b, c="d"`; names in `unquoted` are written as tokens when they are tokens. */
export function formatAuthValue(scheme: string, params: readonly (readonly [string, string, 'token' | 'quoted'])[]): string {
  const parts = params.map(([k, v, style]) => (style === 'token' && isToken(v) ? `${k}=${v}` : `${k}=${quote(v)}`));
  return `${scheme} ${parts.join(', ')}`;
}

function isToken(v: string): boolean {
  if (v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 128 || TOKEN[c] !== 1) return false;
  }
  return true;
}

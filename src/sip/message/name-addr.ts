import { TOKEN, isIn } from './char-classes.ts';
import { Scanner, formatParams, quote } from './scanner.ts';
import { SipParseError } from './sip-parse-error.ts';
import { formatUri, parseUri } from './uri.ts';
import type { Uri } from './uri.ts';

/**
 * `( name-addr / addr-spec ) *( SEMI generic-param )` — the value of From, To, Contact, Route,
 * Record-Route, Reply-To, Refer-To … (RFC 3261 §20). `displayName` is unquoted and unescaped;
 * `params` are the header parameters (tag, expires, q …), names lower-cased.
 */
export interface NameAddr {
  displayName?: string;
  uri: Uri;
  params: Map<string, string | null>;
}

/** Parses one name-addr / addr-spec with its header parameters. Throws SipParseError. */
export function parseNameAddr(text: string, what = 'address'): NameAddr {
  const sc = new Scanner(text, what);
  const out: NameAddr = { uri: { kind: 'absolute', scheme: '', value: '' }, params: new Map() };
  sc.ws();
  if (sc.peek() === 34) {
    out.displayName = sc.quoted().text;
    sc.ws();
    out.uri = angleUri(sc);
  } else {
    // display-name = *(token LWS); without one of those before "<" this is an addr-spec.
    // Unquoted UTF-8 words (张三 <sip:…>) are tolerated: some phones send them.
    const start = sc.pos;
    let words = 0;
    while (isWordChar(sc.peek())) {
      while (isWordChar(sc.peek())) sc.pos++;
      words++;
      sc.ws();
    }
    if (sc.peek() === 60) {
      if (words > 0) out.displayName = text.slice(start, sc.pos).trim().replace(/[ \t]+/g, ' ');
      out.uri = angleUri(sc);
    } else {
      sc.pos = start;
      out.uri = addrSpec(sc);
    }
  }
  sc.params(out.params);
  return out;
}

function isWordChar(c: number): boolean {
  return c >= 128 || isIn(TOKEN, c);
}

/** LAQUOT addr-spec RAQUOT; no whitespace is allowed inside the brackets (RFC 4475 §3.1.2.14). */
function angleUri(sc: Scanner): Uri {
  if (sc.peek() !== 60) sc.fail('expected "<"');
  const close = sc.s.indexOf('>', sc.pos + 1);
  if (close < 0) sc.fail('unterminated "<"');
  const uri = parseUri(sc.s.slice(sc.pos + 1, close));
  sc.pos = close + 1;
  return uri;
}

/**
 * A bare addr-spec ends at the first ";" or whitespace: "the URI ... not enclosed in angle
 * brackets, any semicolon-delimited parameters are header-parameters, not URI parameters"
 * (RFC 3261 §20).
 */
function addrSpec(sc: Scanner): Uri {
  const start = sc.pos;
  while (!sc.atEnd()) {
    const c = sc.peek();
    if (c === 59 || c === 32 || c === 9) break;
    sc.pos++;
  }
  if (sc.pos === start) sc.fail('missing URI');
  return parseUri(sc.s.slice(start, sc.pos));
}

/** Formats a name-addr; the URI is always enclosed in < > so its parameters stay its own. */
export function formatNameAddr(n: NameAddr): string {
  const name = n.displayName === undefined ? '' : `${quote(n.displayName)} `;
  return `${name}<${formatUri(n.uri)}>${formatParams(n.params)}`;
}

/** Parses a comma-separated list of name-addrs (Contact, Route, Record-Route). */
export function parseNameAddrList(values: readonly string[], what: string): NameAddr[] {
  const out: NameAddr[] = [];
  for (const v of values) {
    if (v.length === 0) throw new SipParseError(`Bad ${what}: empty element`);
    out.push(parseNameAddr(v, what));
  }
  return out;
}

export function cloneUri(uri: Uri): Uri {
  if (uri.kind === 'absolute') return { ...uri };
  return { ...uri, params: new Map(uri.params), headers: new Map(uri.headers) };
}

export function cloneNameAddr(n: NameAddr): NameAddr {
  const out: NameAddr = { uri: cloneUri(n.uri), params: new Map(n.params) };
  if (n.displayName !== undefined) out.displayName = n.displayName;
  return out;
}

import { PARAM_VALUE, TOKEN, isIn } from './char-classes.ts';
import { SipParseError } from './sip-parse-error.ts';

/**
 * A cursor over one (unfolded) header value. Folding has already been replaced by plain
 * whitespace, so SWS (RFC 3261 §25.1) is just *(SP / HTAB) here. Every method is linear: no
 * regular expressions, no backtracking.
 */
export class Scanner {
  pos = 0;
  constructor(
    readonly s: string,
    readonly what: string,
  ) {}

  fail(detail?: string): never {
    throw new SipParseError(detail === undefined ? `Bad ${this.what}` : `Bad ${this.what}: ${detail}`);
  }

  atEnd(): boolean {
    return this.pos >= this.s.length;
  }

  peek(): number {
    return this.pos < this.s.length ? this.s.charCodeAt(this.pos) : -1;
  }

  /** Skips SP and HTAB; returns true when at least one was skipped. */
  ws(): boolean {
    const start = this.pos;
    while (this.pos < this.s.length) {
      const c = this.s.charCodeAt(this.pos);
      if (c !== 32 && c !== 9) break;
      this.pos++;
    }
    return this.pos > start;
  }

  /** Consumes `ch` (with optional whitespace on both sides when `sws`) or fails. */
  expect(ch: string, sws = true): void {
    if (sws) this.ws();
    if (this.s[this.pos] !== ch) this.fail(`expected "${ch}"`);
    this.pos++;
    if (sws) this.ws();
  }

  /** Reads 1*chars of `set`; fails when there is none. */
  run(set: Uint8Array, name = 'token'): string {
    const start = this.pos;
    while (this.pos < this.s.length && isIn(set, this.s.charCodeAt(this.pos))) this.pos++;
    if (this.pos === start) this.fail(`expected ${name}`);
    return this.s.slice(start, this.pos);
  }

  token(): string {
    return this.run(TOKEN);
  }

  /** Reads 1*DIGIT as a number; fails on more than `maxDigits` significant digits. */
  digits(maxValue: number): number {
    const start = this.pos;
    let n = 0;
    while (this.pos < this.s.length) {
      const c = this.s.charCodeAt(this.pos);
      if (c < 48 || c > 57) break;
      n = n * 10 + (c - 48);
      if (n > maxValue) this.fail('number too large');
      this.pos++;
    }
    if (this.pos === start) this.fail('expected digits');
    return n;
  }

  /**
   * quoted-string = SWS DQUOTE *(qdtext / quoted-pair) DQUOTE. Returns the raw text with its
   * quotes (for lossless parameter values) and the decoded content.
   */
  quoted(): { raw: string; text: string } {
    const start = this.pos;
    if (this.s.charCodeAt(this.pos) !== 34) this.fail('expected quoted string');
    this.pos++;
    let text = '';
    let chunk = this.pos;
    while (this.pos < this.s.length) {
      const c = this.s.charCodeAt(this.pos);
      if (c === 34) {
        text += this.s.slice(chunk, this.pos);
        this.pos++;
        return { raw: this.s.slice(start, this.pos), text };
      }
      if (c === 92) {
        // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
        text += this.s.slice(chunk, this.pos);
        if (this.pos + 1 >= this.s.length) break;
        text += this.s[this.pos + 1];
        this.pos += 2;
        chunk = this.pos;
        continue;
      }
      if (c < 32 && c !== 9) this.fail('control character in quoted string');
      this.pos++;
    }
    return this.fail('unterminated quoted string');
  }

  /**
   * *( SEMI generic-param ) until the end of the value. Names are lower-cased (parameter names
   * are case-insensitive, RFC 3261 §7.3.1); quoted values keep their quotes.
   */
  params(into: Map<string, string | null>): void {
    this.ws();
    while (this.pos < this.s.length) {
      if (this.s.charCodeAt(this.pos) !== 59) this.fail('expected ";"');
      this.pos++;
      this.ws();
      const name = this.token().toLowerCase();
      this.ws();
      let value: string | null = null;
      if (this.peek() === 61) {
        this.pos++;
        this.ws();
        value = this.peek() === 34 ? this.quoted().raw : this.run(PARAM_VALUE, 'parameter value');
        this.ws();
      }
      into.set(name, value);
    }
  }
}

/** Formats a parameter map as `;name=value;flag`. */
export function formatParams(params: ReadonlyMap<string, string | null>): string {
  let out = '';
  for (const [k, v] of params) out += v === null ? `;${k}` : `;${k}=${v}`;
  return out;
}

/**
 * Quotes `text` as a quoted-string, escaping `"` and `\`. CR and LF cannot be carried
 * (quoted-pair excludes them, §25.1) and become spaces, so no value can inject a header line.
 */
export function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '"' || ch === '\\') out += '\\';
    out += ch === '\r' || ch === '\n' ? ' ' : ch;
  }
  return out + '"';
}

/**
 * Splits a comma-joined header value into its elements (RFC 3261 §7.3.1), never inside a quoted
 * string or between < and >. Elements are trimmed; empty elements are kept so that typed parsers
 * can refuse them.
 */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  let inQuote = false;
  let inAngle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (inQuote) {
      if (c === 92) i++;
      else if (c === 34) inQuote = false;
    } else if (c === 34) inQuote = true;
    else if (inAngle) {
      if (c === 62) inAngle = false;
    } else if (c === 60) inAngle = true;
    else if (c === 44) {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out;
}

import { isDigits } from './char-classes.ts';
import { formatCSeq, parseCSeq } from './cseq.ts';
import type { CSeq } from './cseq.ts';
import { canonicalName, headerKey, isListHeader } from './header-names.ts';
import { cloneNameAddr, formatNameAddr, parseNameAddr, parseNameAddrList } from './name-addr.ts';
import type { NameAddr } from './name-addr.ts';
import { splitList } from './scanner.ts';
import { SipParseError } from './sip-parse-error.ts';
import { cloneVia, formatVia, parseVia } from './via.ts';
import type { Via } from './via.ts';

/** One header line as stored: `name` is the canonical spelling, `key` its lower-case full name. */
export interface HeaderEntry {
  readonly name: string;
  readonly key: string;
  readonly value: string;
}

/** Headers that must appear at most once (RFC 3261 §7.3.1, RFC 4475 §3.3.8/§3.3.9). */
const SINGLE = ['from', 'to', 'call-id', 'cseq', 'max-forwards', 'content-length'] as const;

/**
 * The header section of a SIP message: ordered, case-insensitive, compact forms normalised to
 * full names. Typed accessors parse on first read and cache the result (returning copies, so
 * changing what they return never changes the message: use the setters). Accessors throw
 * SipParseError on a malformed value; the parser validates the frequent set up front.
 */
export class SipHeaders {
  private list: HeaderEntry[] = [];
  private cache = new Map<string, unknown>();

  constructor(init?: Iterable<readonly [string, string]>) {
    if (init !== undefined) for (const [n, v] of init) this.append(n, v);
  }

  /** The value of the first header line with this name. */
  get(name: string): string | undefined {
    const key = headerKey(name);
    for (const e of this.list) if (e.key === key) return e.value;
    return undefined;
  }

  /** Every value: repeated lines concatenated, comma-joined values of list headers split. */
  getAll(name: string): string[] {
    const key = headerKey(name);
    const split = isListHeader(key);
    const out: string[] = [];
    for (const e of this.list) {
      if (e.key !== key) continue;
      if (split) {
        for (const v of splitList(e.value)) if (v.length > 0) out.push(v);
      } else out.push(e.value);
    }
    return out;
  }

  /** Replaces the first line with this name (keeping its position), removes the others. */
  set(name: string, value: string): void {
    const key = headerKey(name);
    this.cache.delete(key);
    const idx = this.list.findIndex((e) => e.key === key);
    const entry = { name: canonicalName(name), key, value };
    if (idx < 0) {
      this.list.push(entry);
      return;
    }
    this.list[idx] = entry;
    this.list = this.list.filter((e, i) => i <= idx || e.key !== key);
  }

  append(name: string, value: string): void {
    const key = headerKey(name);
    this.cache.delete(key);
    this.list.push({ name: canonicalName(name), key, value });
  }

  /** Inserts a line before the first line with this name, or at the top (Via, Record-Route). */
  prepend(name: string, value: string): void {
    const key = headerKey(name);
    this.cache.delete(key);
    const idx = this.list.findIndex((e) => e.key === key);
    this.list.splice(idx < 0 ? 0 : idx, 0, { name: canonicalName(name), key, value });
  }

  remove(name: string): void {
    const key = headerKey(name);
    this.cache.delete(key);
    this.list = this.list.filter((e) => e.key !== key);
  }

  has(name: string): boolean {
    const key = headerKey(name);
    return this.list.some((e) => e.key === key);
  }

  /** Distinct header names in order of first appearance (canonical spelling). */
  names(): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const e of this.list) {
      if (seen.has(e.key)) continue;
      seen.add(e.key);
      out.push(e.name);
    }
    return out;
  }

  /** The header lines in order, as they will be serialized. */
  entries(): readonly HeaderEntry[] {
    return this.list;
  }

  clone(): SipHeaders {
    const h = new SipHeaders();
    h.list = this.list.slice();
    h.cache = new Map(this.cache);
    return h;
  }

  // ---- typed accessors -------------------------------------------------------------------

  private typed<T>(key: string, parse: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const v = parse();
    this.cache.set(key, v);
    return v;
  }

  private required(key: string, what: string): string {
    const v = this.get(key);
    if (v === undefined) throw new SipParseError(`Missing ${what}`);
    return v;
  }

  /** Via values, top first. */
  via(): Via[] {
    return this.viaCached().map(cloneVia);
  }
  private viaCached(): Via[] {
    return this.typed('via', () => {
      const out: Via[] = [];
      for (const e of this.list) if (e.key === 'via') for (const v of splitList(e.value)) out.push(parseVia(v));
      return out;
    });
  }

  /** Replaces all Via lines by one line per Via, where the first Via line was (or at the top). */
  setVia(vias: readonly Via[]): void {
    const idx = this.list.findIndex((e) => e.key === 'via');
    this.remove('via');
    const lines = vias.map((v) => ({ name: 'Via', key: 'via', value: formatVia(v) }));
    this.list.splice(idx < 0 ? 0 : idx, 0, ...lines);
  }

  from(): NameAddr {
    return cloneNameAddr(this.fromCached());
  }
  private fromCached(): NameAddr {
    return this.typed('from', () => parseNameAddr(this.required('from', 'From'), 'From'));
  }
  setFrom(n: NameAddr): void {
    this.set('From', formatNameAddr(n));
  }

  to(): NameAddr {
    return cloneNameAddr(this.toCached());
  }
  private toCached(): NameAddr {
    return this.typed('to', () => parseNameAddr(this.required('to', 'To'), 'To'));
  }
  setTo(n: NameAddr): void {
    this.set('To', formatNameAddr(n));
  }

  callId(): string {
    return this.typed('call-id', () => parseCallId(this.required('call-id', 'Call-ID')));
  }
  setCallId(id: string): void {
    this.set('Call-ID', id);
  }

  cseq(): CSeq {
    return { ...this.cseqCached() };
  }
  private cseqCached(): CSeq {
    return this.typed('cseq', () => parseCSeq(this.required('cseq', 'CSeq')));
  }
  setCSeq(c: CSeq): void {
    this.set('CSeq', formatCSeq(c));
  }

  /** Contact values; `'*'` for the wildcard of a REGISTER; empty when absent. */
  contact(): NameAddr[] | '*' {
    const v = this.contactCached();
    return v === '*' ? '*' : v.map(cloneNameAddr);
  }
  private contactCached(): NameAddr[] | '*' {
    return this.typed('contact', () => parseContact(rawList(this.list, 'contact'), this.has('contact')));
  }
  setContact(c: readonly NameAddr[] | '*'): void {
    this.remove('contact');
    if (c === '*') this.append('Contact', '*');
    else for (const n of c) this.append('Contact', formatNameAddr(n));
  }

  route(): NameAddr[] {
    return this.routeLike('route', 'Route');
  }
  setRoute(r: readonly NameAddr[]): void {
    this.setRouteLike('Route', r);
  }

  recordRoute(): NameAddr[] {
    return this.routeLike('record-route', 'Record-Route');
  }
  setRecordRoute(r: readonly NameAddr[]): void {
    this.setRouteLike('Record-Route', r);
  }

  private routeLike(key: string, what: string): NameAddr[] {
    return this.routeLikeCached(key, what).map(cloneNameAddr);
  }
  private routeLikeCached(key: string, what: string): NameAddr[] {
    return this.typed(key, () => parseNameAddrList(rawList(this.list, key), what));
  }
  private setRouteLike(name: string, r: readonly NameAddr[]): void {
    this.remove(name);
    for (const n of r) this.append(name, formatNameAddr(n));
  }

  /** Max-Forwards (0–255), undefined when absent. */
  maxForwards(): number | undefined {
    return this.typed('max-forwards', () => optionalInt(this.get('max-forwards'), 'Max-Forwards', 255));
  }
  setMaxForwards(n: number): void {
    this.set('Max-Forwards', String(n));
  }

  /** Expires in seconds, undefined when absent; values past 2^32-1 are clamped to it. */
  expires(): number | undefined {
    return this.typed('expires', () => optionalInt(this.get('expires'), 'Expires', Infinity, 2 ** 32 - 1));
  }
  setExpires(n: number): void {
    this.set('Expires', String(n));
  }

  /** Content-Length as written (the serializer recomputes it); undefined when absent. */
  contentLength(): number | undefined {
    return this.typed('content-length', () => optionalInt(this.get('content-length'), 'Content-Length', 2 ** 31));
  }

  contentType(): string | undefined {
    return this.get('content-type');
  }
  setContentType(type: string): void {
    this.set('Content-Type', type);
  }

  /**
   * Parses and caches the frequent set so that a malformed message is refused at parse time
   * (RFC 4475 §3.1.2, §3.3), and refuses repeats of single-valued headers.
   */
  validateFrequent(): void {
    const counts = new Map<string, number>();
    for (const e of this.list) counts.set(e.key, (counts.get(e.key) ?? 0) + 1);
    for (const key of SINGLE) {
      if ((counts.get(key) ?? 0) > 1) throw new SipParseError(`Multiple ${canonicalName(key)} headers`);
    }
    if (counts.has('via')) this.viaCached();
    if (counts.has('from')) this.fromCached();
    if (counts.has('to')) this.toCached();
    if (counts.has('call-id')) this.callId();
    if (counts.has('cseq')) this.cseqCached();
    if (counts.has('max-forwards')) this.maxForwards();
    if (counts.has('content-length')) this.contentLength();
    if (counts.has('contact')) this.contactCached();
    if (counts.has('route')) this.routeLikeCached('route', 'Route');
    if (counts.has('record-route')) this.routeLikeCached('record-route', 'Record-Route');
  }
}

function rawList(list: readonly HeaderEntry[], key: string): string[] {
  const out: string[] = [];
  for (const e of list) if (e.key === key) out.push(...splitList(e.value));
  return out;
}

function parseContact(values: string[], present: boolean): NameAddr[] | '*' {
  if (!present) return [];
  if (values.length === 1 && values[0] === '*') return '*';
  if (values.includes('*')) throw new SipParseError('Bad Contact: "*" mixed with addresses');
  if (values.length === 0) throw new SipParseError('Bad Contact: empty');
  return parseNameAddrList(values, 'Contact');
}

/**
 * Call-ID = word [ "@" word ] (RFC 3261 §25.1): visible ASCII without whitespace.
 */
function parseCallId(v: string): string {
  if (v.length === 0) throw new SipParseError('Bad Call-ID');
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c <= 32 || c >= 127) throw new SipParseError('Bad Call-ID');
  }
  return v;
}

function optionalInt(v: string | undefined, what: string, max: number, clamp?: number): number | undefined {
  if (v === undefined) return undefined;
  if (!isDigits(v)) throw new SipParseError(`Bad ${what}`);
  const n = v.length > 15 ? Infinity : Number(v);
  if (clamp !== undefined) return Math.min(n, clamp);
  if (n > max) throw new SipParseError(`Bad ${what}`);
  return n;
}

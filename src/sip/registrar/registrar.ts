import type { SipRequest } from '../message/message.ts';
import { cloneNameAddr } from '../message/name-addr.ts';
import type { NameAddr } from '../message/name-addr.ts';
import { SipParseError } from '../message/sip-parse-error.ts';
import { uriEquals } from '../message/uri-equals.ts';
import type { Binding, BindingSource } from './binding.ts';
import type { RegisterResult, RegistrarOptions } from './registrar-options.ts';
import type { Clock } from '../../kernel/clock.ts';
import { systemClock } from '../../kernel/clock.ts';

interface Failure {
  status: number;
  reason: string;
  minExpires?: number;
}

type Stored = Omit<Binding, 'expires'>;

/** "delta-seconds ... values larger than 2**32-1 ... treated as 2**32-1" style clamp for huge values. */
const MAX_DELTA = 2 ** 32 - 1;

/**
 * The registrar of RFC 3261 §10.3 as pure logic over an in-memory location service. The caller
 * (UA core) has already authenticated the request and decided its address-of-record; this
 * applies steps 6–8: wildcard removal, expirations with their limits, the Call-ID/CSeq ordering
 * rule, all-or-nothing updates, and the answer listing the current bindings.
 */
export class Registrar {
  /** Called after the bindings of an AOR changed (added, refreshed, removed or expired). */
  onChange?: (aor: string) => void;

  private readonly clock: Pick<Clock, 'now'>;
  private readonly minExpires: number;
  private readonly maxExpires: number;
  private readonly defaultExpires: number;
  private readonly maxPerAor: number;
  private readonly bindings = new Map<string, Stored[]>();

  constructor(opts: RegistrarOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.minExpires = opts.minExpires ?? 60;
    this.maxExpires = opts.maxExpires ?? 7200;
    this.defaultExpires = opts.defaultExpires ?? 3600;
    this.maxPerAor = opts.maxBindingsPerAor ?? 16;
  }

  /** Handles a REGISTER for `aor` that came from `source`. Never throws on bad input. */
  handle(req: SipRequest, source: BindingSource, aor: string): RegisterResult {
    const now = this.clock.now();
    this.expire(aor, now);
    let outcome: Stored[] | Failure;
    try {
      outcome = this.apply(req, source, aor, now);
    } catch (e) {
      if (!(e instanceof SipParseError)) throw e;
      outcome = { status: e.status, reason: e.reason };
    }
    if (!Array.isArray(outcome)) {
      const failed: RegisterResult = { status: outcome.status, reason: outcome.reason, contacts: [] };
      if (outcome.minExpires !== undefined) failed.minExpires = outcome.minExpires;
      return failed;
    }
    const before = this.bindings.get(aor);
    if (outcome !== before) {
      if (outcome.length === 0) this.bindings.delete(aor);
      else this.bindings.set(aor, outcome);
      this.onChange?.(aor);
    }
    // "The registrar returns a 200 (OK) response. The response MUST contain Contact header
    // field values enumerating all current bindings" (§10.3 step 8).
    return { status: 200, reason: 'OK', contacts: this.lookup(aor).map((b) => ({ contact: b.contact, expires: b.expires })) };
  }

  /** Current (unexpired) bindings of an AOR, highest q first, then most recently refreshed. */
  lookup(aor: string): Binding[] {
    const now = this.clock.now();
    this.expire(aor, now);
    const list = this.bindings.get(aor) ?? [];
    return list
      .map((b) => this.copyOut(b, now))
      .sort((x, y) => y.q - x.q || y.updatedAt - x.updatedAt);
  }

  /**
   * Removes every binding registered from `source` (a WebSocket connection that closed: a browser
   * can be reached only over it, RFC 7118 §5.3, so its bindings are dead). Returns how many went.
   */
  dropSource(source: BindingSource): number {
    let removed = 0;
    for (const [aor, list] of [...this.bindings]) {
      const kept = list.filter((b) => !(b.source.transport === source.transport && b.source.address === source.address && b.source.port === source.port));
      if (kept.length === list.length) continue;
      removed += list.length - kept.length;
      if (kept.length === 0) this.bindings.delete(aor);
      else this.bindings.set(aor, kept);
      this.onChange?.(aor);
    }
    return removed;
  }

  /** Number of unexpired bindings over all AORs. */
  bindingCount(): number {
    this.purgeExpired();
    let n = 0;
    for (const list of this.bindings.values()) n += list.length;
    return n;
  }

  /** Drops every expired binding (call it from a periodic timer); returns how many went. */
  purgeExpired(): number {
    const now = this.clock.now();
    let removed = 0;
    for (const aor of [...this.bindings.keys()]) removed += this.expire(aor, now);
    return removed;
  }

  private expire(aor: string, now: number): number {
    const list = this.bindings.get(aor);
    if (list === undefined) return 0;
    const alive = list.filter((b) => b.expiresAt > now);
    if (alive.length === list.length) return 0;
    if (alive.length === 0) this.bindings.delete(aor);
    else this.bindings.set(aor, alive);
    this.onChange?.(aor);
    return list.length - alive.length;
  }

  private copyOut(b: Stored, now: number): Binding {
    const expires = Math.max(0, Math.ceil((b.expiresAt - now) / 1000));
    const contact = cloneNameAddr(b.contact);
    contact.params.set('expires', String(expires));
    return { ...b, contact, expires, source: { ...b.source } };
  }

  /** Steps 6–7 on a copy of the AOR's bindings; returns the new list or why it failed. */
  private apply(req: SipRequest, source: BindingSource, aor: string, now: number): Stored[] | Failure {
    const current = this.bindings.get(aor) ?? [];
    const contacts = req.headers.contact();
    const callId = req.headers.callId();
    const cseq = req.headers.cseq().seq;
    const headerExpires = req.headers.expires();
    // "A REGISTER with no Contact header field ... [is a query]" (§10.2.3): no change.
    if (contacts !== '*' && contacts.length === 0) return current;
    if (contacts === '*') return this.removeAll(current, headerExpires, callId, cseq);
    let next = current.slice();
    const staged = new Set<Stored>();
    for (const contact of contacts) {
      const expires = this.expiresOf(contact, headerExpires);
      if (typeof expires !== 'number') return expires;
      const idx = next.findIndex((b) => uriEquals(b.contact.uri, contact.uri));
      const existing = idx >= 0 ? next[idx] : undefined;
      // "If the binding does exist, the registrar checks the Call-ID value. If the Call-ID value
      // in the existing binding differs from the Call-ID value in the request, the binding MUST
      // be removed if the expiration time is zero and updated otherwise. If they are the same,
      // the registrar compares the CSeq value. If the value is higher than that of the existing
      // binding, it MUST update or remove the binding as above. If not, the update MUST be
      // aborted and the request fails." (§10.3 step 7)
      if (existing !== undefined && !staged.has(existing) && existing.callId === callId && cseq <= existing.cseq) {
        return { status: 500, reason: 'Out of order REGISTER' };
      }
      if (expires === 0) {
        next = next.filter((_, i) => i !== idx);
        continue;
      }
      const stored: Stored = {
        aor, contact: withoutExpires(contact), expiresAt: now + expires * 1000, q: qOf(contact),
        callId, cseq, source: { ...source }, updatedAt: now,
      };
      staged.add(stored);
      if (existing !== undefined) next[idx] = stored;
      else next.push(stored);
    }
    if (next.length > this.maxPerAor) return { status: 403, reason: 'Too many registrations' };
    return next;
  }

  /**
   * Contact: * — "if the request has additional Contact fields or an expiration time other than
   * zero, the request is invalid, and the server MUST return a 400 (Invalid Request)"; otherwise
   * each binding goes unless it carries the same Call-ID and a CSeq not lower (§10.3 step 6).
   */
  private removeAll(current: Stored[], headerExpires: number | undefined, callId: string, cseq: number): Stored[] | Failure {
    if (headerExpires !== 0) return { status: 400, reason: 'Wildcard Contact needs Expires: 0' };
    for (const b of current) {
      if (b.callId === callId && cseq <= b.cseq) return { status: 500, reason: 'Out of order REGISTER' };
    }
    return [];
  }

  /**
   * "the registrar determines the expiration interval as follows: If the field value contains
   * an "expires" parameter, that value MUST be taken as the requested expiration. If there is no
   * such parameter, but the request has an Expires header field, that value MUST be taken as the
   * requested expiration. If there is neither, the registrar SHOULD take a locally-configured
   * default value as the requested expiration. The registrar MAY choose an expiration less than
   * the requested expiration interval. If and only if the requested expiration interval is
   * greater than zero AND smaller than one hour AND less than a registrar-configured minimum,
   * the registrar MAY reject the registration with a response of 423 (Interval Too Brief)."
   */
  private expiresOf(contact: NameAddr, headerExpires: number | undefined): number | Failure {
    const param = contact.params.get('expires');
    let requested: number;
    if (param !== undefined && param !== null) {
      if (!/^[0-9]+$/.test(param)) return { status: 400, reason: 'Bad expires parameter' };
      requested = param.length > 10 ? MAX_DELTA : Math.min(Number(param), MAX_DELTA);
    } else requested = headerExpires ?? this.defaultExpires;
    if (requested === 0) return 0;
    if (requested < this.minExpires && requested < 3600) {
      return { status: 423, reason: 'Interval Too Brief', minExpires: this.minExpires };
    }
    return Math.min(requested, this.maxExpires);
  }
}

function withoutExpires(contact: NameAddr): NameAddr {
  const c = cloneNameAddr(contact);
  c.params.delete('expires');
  return c;
}

/** qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) (§20.10); bad values count as 1. */
function qOf(contact: NameAddr): number {
  const q = contact.params.get('q');
  if (q === undefined || q === null || !/^(0(\.[0-9]{0,3})?|1(\.0{0,3})?)$/.test(q)) return 1;
  return Number(q);
}

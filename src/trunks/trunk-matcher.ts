/**
 * Finds the trunk a SIP request came from by its source address. Built once from the trunk list
 * (pure, no I/O) and asked per INVITE, so a lookup is a map probe for exact hosts and a short
 * scan of prefixes ordered most-specific first.
 */
import { parseIpAddress, parseIpPrefix, prefixContains } from './ip-prefix.ts';
import type { IpPrefix } from './ip-prefix.ts';
import type { Trunk } from './trunk.ts';

interface PrefixEntry {
  readonly prefix: IpPrefix;
  readonly trunk: Trunk;
}

export class TrunkMatcher {
  /** Exact host addresses (/32, /128), keyed `family:value`. */
  private readonly hosts = new Map<string, Trunk>();
  /** Shorter prefixes, longest first: the most specific rule wins when trunks overlap. */
  private readonly prefixes: PrefixEntry[] = [];

  /** Disabled trunks are left out; an address a trunk lists that does not parse is ignored
   * (the store refuses such input, so this only guards old rows). */
  constructor(trunks: readonly Trunk[]) {
    for (const trunk of trunks) {
      if (!trunk.enabled) continue;
      for (const text of trunk.addresses) {
        const prefix = parseIpPrefix(text);
        if (prefix === undefined) continue;
        const full = prefix.family === 4 ? 32 : 128;
        const key = `${prefix.family}:${prefix.value}`;
        if (prefix.length === full) {
          if (!this.hosts.has(key)) this.hosts.set(key, trunk);
        } else {
          this.prefixes.push({ prefix, trunk });
        }
      }
    }
    this.prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** The enabled trunk whose allow-list covers `address`, or undefined (also for garbage input). */
  matchSource(address: string): Trunk | undefined {
    const ip = parseIpAddress(address);
    if (ip === undefined) return undefined;
    const exact = this.hosts.get(`${ip.family}:${ip.value}`);
    if (exact !== undefined) return exact;
    for (const entry of this.prefixes) {
      if (prefixContains(entry.prefix, ip)) return entry.trunk;
    }
    return undefined;
  }
}

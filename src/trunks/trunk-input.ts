/** Checks and normalises a trunk before it is stored. Throws `TrunkError('INVALID_TRUNK')`. */
import { isIP } from 'node:net';
import { parseIpPrefix } from './ip-prefix.ts';
import { TRUNK_TRANSPORTS } from './trunk.ts';
import type { OutboundProxy, TrunkInput, TrunkRegistration } from './trunk.ts';
import { TrunkError } from './trunk-error.ts';

export const TRUNK_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
export const MAX_TRUNK_ADDRESSES = 256;
export const MAX_CONCURRENT_CALLS = 100_000;
const NAME = new RegExp(TRUNK_NAME_PATTERN);
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

export interface NormalTrunkInput {
  readonly name: string;
  readonly addresses: readonly string[];
  readonly proxy: OutboundProxy;
  readonly registration: TrunkRegistration | null;
  readonly maxConcurrentCalls: number | null;
  readonly enabled: boolean;
}

function invalid(message: string): never {
  throw new TrunkError('INVALID_TRUNK', message);
}

function addresses(list: readonly string[]): string[] {
  if (list.length > MAX_TRUNK_ADDRESSES) invalid(`at most ${MAX_TRUNK_ADDRESSES} addresses`);
  const out: string[] = [];
  for (const raw of list) {
    const text = raw.trim();
    if (text.length > 64 || parseIpPrefix(text) === undefined) {
      invalid(`'${text.slice(0, 64)}' is not an IP address or CIDR prefix (host bits must be zero)`);
    }
    if (!out.includes(text)) out.push(text);
  }
  return out;
}

function proxy(p: OutboundProxy): OutboundProxy {
  const host = p.host.trim().replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) === 0 && !HOST_NAME.test(host)) invalid(`'${host.slice(0, 64)}' is not a host name or IP address`);
  if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) invalid('proxy port must be 1–65535');
  if (!TRUNK_TRANSPORTS.includes(p.transport)) invalid(`transport must be one of ${TRUNK_TRANSPORTS.join(', ')}`);
  return { host, port: p.port, transport: p.transport };
}

function registration(r: TrunkRegistration | null | undefined): TrunkRegistration | null {
  if (r === null || r === undefined) return null;
  if (r.username.length < 1 || r.username.length > 128) invalid('registration username must be 1–128 characters');
  if (r.password.length < 1 || r.password.length > 128) invalid('registration password must be 1–128 characters');
  const realm = r.realm === null || r.realm.trim() === '' ? null : r.realm.trim();
  if (realm !== null && realm.length > 253) invalid('registration realm is too long');
  return { username: r.username, password: r.password, realm };
}

export function normaliseTrunkInput(input: TrunkInput): NormalTrunkInput {
  if (!NAME.test(input.name)) invalid('name must be 1–64 letters, digits, dots, dashes or underscores');
  const cap = input.maxConcurrentCalls ?? null;
  if (cap !== null && (!Number.isInteger(cap) || cap < 1 || cap > MAX_CONCURRENT_CALLS)) {
    invalid(`concurrency cap must be 1–${MAX_CONCURRENT_CALLS} or none`);
  }
  return {
    name: input.name,
    addresses: addresses(input.addresses),
    proxy: proxy(input.proxy),
    registration: registration(input.registration),
    maxConcurrentCalls: cap,
    enabled: input.enabled ?? true,
  };
}

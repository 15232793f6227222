/**
 * Where a webhook may be sent (against SSRF): https to public addresses only, unless the operator
 * allows private targets (HOTLINE_WEBHOOK_PRIVATE_TARGETS), which also allows http:// to them.
 * Checked when the endpoint is registered and again, on the resolved addresses, at every delivery
 * (`guardedLookup`): a name that resolves to 127.0.0.1 or 169.254.169.254 later is refused then.
 */
import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';

/** Loopback, private, link-local (cloud metadata), CGNAT, unspecified, multicast, reserved, and their IPv6 kin. */
const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NON_PUBLIC.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) NON_PUBLIC.addSubnet(net, prefix, 'ipv6');

export function isPublicAddress(address: string): boolean {
  // An IPv4-mapped IPv6 address is the IPv4 address (a ::ffff:0:0/96 rule would match every IPv4 one).
  // URL parsing writes it in hex (::ffff:7f00:1), resolvers dotted.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return isPublicAddress(mapped[1]);
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex?.[1] && hex[2]) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return isPublicAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  const family = isIP(address);
  if (family === 0) return false;
  return !NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class WebhookTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookTargetError';
  }
}

/** Checks a URL as registered; returns it normalised. Throws WebhookTargetError with the reason. */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookTargetError('not a URL');
  }
  if (url.username || url.password) throw new WebhookTargetError('credentials in the URL are not allowed (the signature authenticates us)');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowPrivate)) throw new WebhookTargetError('must be https://');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) {
    if (!isPublicAddress(host) && !allowPrivate) throw new WebhookTargetError(`${host} is not a public address`);
    if (url.protocol === 'http:' && isPublicAddress(host)) throw new WebhookTargetError('http:// only to private addresses; use https://');
  } else if (host === 'localhost' || host.endsWith('.localhost')) {
    if (!allowPrivate) throw new WebhookTargetError(`${host} is not a public address`);
  }
  url.hash = '';
  return url.toString();
}

/** A `lookup` for http(s).request that refuses non-public addresses unless allowed. */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const list = addresses as LookupAddress[];
      const refused = list.find((a) => !allowPrivate && !isPublicAddress(a.address));
      if (refused) return callback(Object.assign(new Error(`${hostname} resolves to ${refused.address}, not a public address`), { code: 'EWEBHOOKTARGET' }), '');
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
      callback(null, first.address, first.family);
    });
  };
}

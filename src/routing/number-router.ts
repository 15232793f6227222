/**
 * Decides where a call to a 400 number goes (the skeleton's policy: the number's bound phones, in
 * order). Richer policies (time, region, percentages, forwarding, blacklists — R2–R8) refine the
 * plan here; call control only executes it.
 */
import type { CallRouter, CallSource, DialTarget, InboundCall, RouteDecision } from '../calls/call-router.ts';
import { tryNormalizeNumber } from '../numbers/number-format.ts';
import type { Trunk } from '../trunks/trunk.ts';
import type { BoundPhone } from './bound-phone.ts';

/** A registered contact of a SIP user: where to send the INVITE (the REGISTER's source, for NAT). */
export interface UserContact {
  uri: string;
  target: { transport: 'udp' | 'tcp'; host: string; port: number };
}

/** What routing reads; the composition root wires the domain stores and the registrar in. */
export interface RoutingDirectory {
  trunkForAddress(address: string): Trunk | undefined;
  /** The trunk that carries calls out to the PSTN. */
  outboundTrunk(preferred?: string): Trunk | undefined;
  findActiveNumber(number: string): Promise<{ tenantId: string } | undefined>;
  boundPhones(tenantId: string, number: string): Promise<BoundPhone[]>;
  locateUser(username: string): UserContact[];
}

export class NumberRouter implements CallRouter {
  constructor(
    private readonly dir: RoutingDirectory,
    private readonly opts: { ringTimeoutMs: number },
  ) {}

  trunkForAddress(address: string): CallSource | undefined {
    const t = this.dir.trunkForAddress(address);
    return t ? { kind: 'trunk', trunkId: t.id, name: t.name } : undefined;
  }

  async route(call: InboundCall): Promise<RouteDecision> {
    const number = tryNormalizeNumber(call.dialled);
    if (!number) return { kind: 'reject', status: 404, reason: 'Not Found' };
    const owner = await this.dir.findActiveNumber(number);
    if (!owner) return { kind: 'reject', status: 404, reason: 'Not Found' };
    // A SIP user may only test-call its own tenant's numbers (toll fraud, S4).
    if (call.source.kind === 'user' && call.source.tenantId !== owner.tenantId) return { kind: 'reject', status: 403, reason: 'Forbidden' };
    const phones = await this.dir.boundPhones(owner.tenantId, number);
    if (phones.length === 0) return { kind: 'reject', status: 480, reason: 'No Bound Phone' };
    const preferredTrunk = call.source.kind === 'trunk' ? call.source.trunkId : undefined;
    const targets = phones.map((p) => this.target(p, preferredTrunk)).filter((t): t is DialTarget => t !== undefined);
    if (targets.length === 0) return { kind: 'reject', status: 503, reason: 'No Route' };
    return { kind: 'dial', tenantId: owner.tenantId, number400: number, targets, strategy: 'sequential', ringTimeoutMs: this.opts.ringTimeoutMs };
  }

  private target(p: BoundPhone, preferredTrunk: string | undefined): DialTarget | undefined {
    if (p.kind === 'sip') return { kind: 'sip', username: p.target, contacts: this.dir.locateUser(p.target) };
    const trunk = this.dir.outboundTrunk(preferredTrunk);
    if (!trunk) return undefined;
    // Carriers take national numbers in the Request-URI: 13800138000, 01012345678.
    const national = p.target.startsWith('+86') ? nationalForm(p.target.slice(3)) : p.target;
    return {
      kind: 'pstn',
      number: national,
      trunkId: trunk.id,
      proxyHost: trunk.proxy.port === 5060 ? trunk.proxy.host : `${trunk.proxy.host}:${trunk.proxy.port}`,
      proxy: { transport: trunk.proxy.transport, host: trunk.proxy.host, port: trunk.proxy.port },
    };
  }
}

/** Mobiles are dialled as they are; landlines take the trunk prefix 0 before the area code. */
function nationalForm(digits: string): string {
  return /^1[3-9]\d{9}$/.test(digits) ? digits : `0${digits}`;
}

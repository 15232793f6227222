/** A PSTN number as a dial target through a trunk's outbound proxy (carriers take national numbers in the Request-URI). */
import type { DialTarget } from '../calls/ports.ts';
import type { Trunk } from '../trunks/trunk.ts';

export function pstnTarget(trunk: Trunk, nationalNumber: string): DialTarget {
  return {
    kind: 'pstn',
    number: nationalNumber,
    trunkId: trunk.id,
    proxyHost: trunk.proxy.port === 5060 ? trunk.proxy.host : `${trunk.proxy.host}:${trunk.proxy.port}`,
    proxy: { transport: trunk.proxy.transport, host: trunk.proxy.host, port: trunk.proxy.port },
  };
}

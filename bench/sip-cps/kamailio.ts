// Debian's Kamailio as the reference stateful proxy: t_relay with record-route, all requests to the
// SIPp UAS (test/support/kamailio-process.ts runs it).
import { kamailioHead, recordRouteRelay, startKamailio as start } from '../../test/support/kamailio-process.ts';
import type { KamailioProcess } from '../../test/support/kamailio-process.ts';

export type { KamailioProcess } from '../../test/support/kamailio-process.ts';

export function kamailioConfig(port: number, uasPort: number, children: number): string {
  return kamailioHead({ port, transports: ['udp', 'tcp'], children }) + recordRouteRelay(`$du = "sip:127.0.0.1:${uasPort}";`);
}

export function startKamailio(port: number, uasPort: number, children = 4): Promise<KamailioProcess> {
  return start(kamailioConfig(port, uasPort, children), port);
}

/**
 * Loopback ports for servers a test or benchmark starts itself when the program cannot take port 0
 * (SIPp, PostgreSQL): free right now, bound by the program a moment later.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/** A port free right now on 127.0.0.1 for UDP (and for TCP too when asked). */
export async function freePort(transport: 'udp' | 'tcp' = 'udp'): Promise<number> {
  for (;;) {
    const udp = createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', () => resolve()));
    const port = udp.address().port;
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (transport === 'udp' || (await tcpFree(port))) return port;
  }
}

/** True when the port can be bound on 127.0.0.1 right now. */
export async function portFree(port: number, transport: 'udp' | 'tcp'): Promise<boolean> {
  return transport === 'tcp' ? tcpFree(port) : !(await udpBusy(port));
}

function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

function udpBusy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => resolve(true));
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(false)));
  });
}

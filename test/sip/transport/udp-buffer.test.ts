// The UDP socket asks for large buffers (a GC pause at a few hundred calls per second must not
// overflow the OS default and drop messages); the kernel caps what it grants at rmem_max.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { UdpTransport } from '../../../src/sip/transport/udp-transport.ts';

function sysctl(name: string): number | undefined {
  try {
    return Number(readFileSync(`/proc/sys/net/core/${name}`, 'utf8').trim());
  } catch {
    return undefined;
  }
}

test('a bound UDP transport gets the receive buffer it asks for, up to the kernel cap', async (t) => {
  const max = sysctl('rmem_max');
  const dflt = sysctl('rmem_default');
  if (max === undefined || dflt === undefined) return t.skip('no /proc/sys/net/core on this system');
  const asked = 4 * 1024 * 1024;
  const big = await UdpTransport.bind('127.0.0.1', 0, { datagram: () => undefined }, asked);
  const plain = await UdpTransport.bind('127.0.0.1', 0, { datagram: () => undefined });
  try {
    // Linux reports twice what was set (the bookkeeping overhead); the default as it is.
    assert.equal(big.recvBufferSize, 2 * Math.min(asked, max));
    assert.equal(plain.recvBufferSize, dflt);
  } finally {
    await big.close();
    await plain.close();
  }
});

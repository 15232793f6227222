// A UDP socket on loopback standing in for a peer's RTP port: keeps every packet the platform sends there.
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';

export async function rtpProbe(): Promise<{ socket: Socket; port: number; packets: Buffer[] }> {
  const socket = createSocket('udp4');
  const packets: Buffer[] = [];
  socket.on('message', (m) => packets.push(m));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { socket, port: socket.address().port, packets };
}

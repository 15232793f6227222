// A minimal client of rtpengine's ng control protocol: "<cookie> <bencoded dict>" over UDP,
// answered with the same cookie.

import { createSocket, type Socket } from 'node:dgram';
import { bdecode, bencode, type Bencoded } from './bencode.ts';

export class NgClient {
  private n = 0;
  private readonly pending = new Map<string, { resolve: (v: { [k: string]: Bencoded }) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  private constructor(
    private readonly socket: Socket,
    private readonly port: number,
    private readonly host: string,
  ) {
    socket.on('message', (msg) => {
      const space = msg.indexOf(0x20);
      const cookie = msg.subarray(0, space).toString();
      const waiter = this.pending.get(cookie);
      if (!waiter) return;
      this.pending.delete(cookie);
      clearTimeout(waiter.timer);
      try {
        waiter.resolve(bdecode(msg.subarray(space + 1)) as { [k: string]: Bencoded });
      } catch (err) {
        waiter.reject(err as Error);
      }
    });
  }

  static async open(port: number, host = '127.0.0.1'): Promise<NgClient> {
    const socket = createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
    return new NgClient(socket, port, host);
  }

  request(dict: { [k: string]: Bencoded }, timeoutMs = 5000): Promise<{ [k: string]: Bencoded }> {
    const cookie = `c${process.pid}_${++this.n}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(cookie);
        reject(new Error(`ng ${String(dict.command)} timed out`));
      }, timeoutMs);
      this.pending.set(cookie, { resolve, reject, timer });
      this.socket.send(Buffer.concat([Buffer.from(`${cookie} `), bencode(dict)]), this.port, this.host);
    });
  }

  async command(dict: { [k: string]: Bencoded }): Promise<{ [k: string]: Bencoded }> {
    const res = await this.request(dict);
    if (res.result !== 'ok') throw new Error(`ng ${String(dict.command)}: ${String(res.result)} ${String(res['error-reason'] ?? '')}`);
    return res;
  }

  close(): void {
    this.socket.close();
  }
}

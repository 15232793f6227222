import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { DatagramIo, DatagramSocket } from '../../../src/media/embedded/datagram-io.ts';
import { ADDON_PATH, loadDgramAddon } from '../../../src/media/native/native-addon.ts';
import { NativeDatagramIo } from '../../../src/media/native/native-datagram-io.ts';
import { NodeDatagramIo } from '../../../src/media/native/node-datagram-io.ts';
import { PeerAddress, formatIpWords } from '../../../src/media/native/peer-address.ts';

const load = loadDgramAddon();
const skip = load.ok ? false : `native addon not available: ${load.reason}`;

interface Got {
  bytes: Buffer;
  from: string;
  port: number;
}

function collect(socket: DatagramSocket): Got[] {
  const got: Got[] = [];
  socket.setHandler({ onDatagram: (packet, from, at, port) => got.push({ bytes: Buffer.from(packet), from: formatIpWords(from, at), port }) });
  return got;
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(cond(), `timed out waiting for ${what}`);
}

function udp(type: 'udp4' | 'udp6', address: string): Promise<Socket> {
  const s = createSocket(type);
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.bind(0, address, () => resolve(s));
  });
}

// One suite per implementation: both must behave the same behind the interface.
for (const kind of ['native', 'node'] as const) {
  describe(`DatagramIo (${kind})`, { skip: kind === 'native' ? skip : false }, () => {
    let io: DatagramIo;
    before(() => {
      io = kind === 'native' && load.ok ? new NativeDatagramIo(load.addon) : new NodeDatagramIo();
    });
    after(() => io.close());

    for (const [family, address] of [
      ['IPv4', '127.0.0.1'],
      ['IPv6', '::1'],
    ] as const) {
      test(`${family} round trip on ${address}, source and port reported`, async () => {
        const a = await io.open(address, 0);
        const b = await io.open(address, 0);
        try {
          const got = collect(b);
          const to = PeerAddress.parse(address);
          assert.ok(to);
          a.send(Buffer.from('xxhello-rtpyy'), 2, 9, to, b.port);
          await until(() => got.length === 1, 'the datagram');
          assert.equal(got[0]?.bytes.toString(), 'hello-rtp');
          assert.equal(got[0]?.from, address);
          assert.equal(got[0]?.port, a.port);
          await b.sendAndWait(Buffer.from('back'), to, a.port);
          const back = collect(a);
          await until(() => back.length === 1, 'the reply');
          assert.equal(back[0]?.port, b.port);
        } finally {
          a.close();
          b.close();
        }
      });
    }

    test('many datagrams to many sockets arrive complete, each with its socket and source', async () => {
      const receivers = await Promise.all(Array.from({ length: 24 }, () => io.open('127.0.0.1', 0)));
      const senders = [await udp('udp4', '127.0.0.1'), await udp('udp4', '127.0.0.1')];
      try {
        const seen = receivers.map(() => new Map<string, number>());
        receivers.forEach((r, i) =>
          r.setHandler({
            onDatagram: (packet, from, at, port) => {
              const [target, sender, n] = packet.toString().split('/');
              assert.equal(Number(target), i, 'delivered to the socket it was sent to');
              assert.equal(formatIpWords(from, at), '127.0.0.1');
              assert.equal(port, senders[Number(sender)]?.address().port, 'source port of the sender');
              const key = `${sender}/${n}`;
              seen[i]?.set(key, (seen[i]?.get(key) ?? 0) + 1);
            },
          }),
        );
        const perPair = 40;
        for (let n = 0; n < perPair; n++) {
          for (let i = 0; i < receivers.length; i++) {
            for (let s = 0; s < senders.length; s++) senders[s]?.send(`${i}/${s}/${n}`, receivers[i]?.port ?? 0, '127.0.0.1');
          }
        }
        const total = receivers.length * senders.length * perPair;
        const count = (): number => seen.reduce((sum, m) => sum + [...m.values()].reduce((a, b) => a + b, 0), 0);
        await until(() => count() === total, `${total} datagrams`);
        for (const m of seen) {
          assert.equal(m.size, senders.length * perPair);
          assert.ok([...m.values()].every((v) => v === 1), 'each datagram exactly once');
        }
        const st = io.stats();
        assert.equal(st.kind, kind);
        if (kind === 'native') assert.ok(st.batches < st.packetsIn, `batched: ${st.batches} JS calls for ${st.packetsIn} datagrams`);
      } finally {
        receivers.forEach((r) => r.close());
        senders.forEach((s) => s.close());
      }
    });

    test('a port in use is refused with EADDRINUSE', async () => {
      const holder = await udp('udp4', '127.0.0.1');
      try {
        await assert.rejects(io.open('127.0.0.1', holder.address().port), (err: NodeJS.ErrnoException) => err.code === 'EADDRINUSE');
      } finally {
        holder.close();
      }
    });

    test('a closed socket receives nothing more, frees its port, and sends are ignored', async () => {
      const a = await io.open('127.0.0.1', 0);
      const got = collect(a);
      const port = a.port;
      const before = io.stats().openSockets;
      a.close();
      a.close();
      assert.equal(io.stats().openSockets, before - 1);
      const to = PeerAddress.parse('127.0.0.1');
      assert.ok(to);
      a.send(Buffer.from('after close'), 0, 11, to, port); // no throw
      const again = await io.open('127.0.0.1', port);
      const gotAgain = collect(again);
      const probe = await udp('udp4', '127.0.0.1');
      probe.send('x', port, '127.0.0.1');
      await until(() => gotAgain.length === 1, 'the new socket on the old port');
      assert.equal(got.length, 0);
      again.close();
      probe.close();
    });

    test('oversized, empty and garbage datagrams do not crash; later ones still arrive', async () => {
      const a = await io.open('127.0.0.1', 0);
      const got = collect(a);
      const probe = await udp('udp4', '127.0.0.1');
      try {
        probe.send(Buffer.alloc(9000, 0xab), a.port, '127.0.0.1');
        probe.send(Buffer.alloc(0), a.port, '127.0.0.1');
        probe.send(Buffer.from([0xff, 0x00, 0x13]), a.port, '127.0.0.1');
        probe.send('last', a.port, '127.0.0.1');
        await until(() => got.some((g) => g.bytes.toString() === 'last'), 'the last datagram');
        assert.ok(got.some((g) => g.bytes.length === 0), 'the empty datagram');
        if (kind === 'native') {
          assert.ok(!got.some((g) => g.bytes.length > 2048), 'oversized dropped');
          assert.equal(io.stats().truncated, 1);
        }
        const to = PeerAddress.parse('127.0.0.1');
        assert.ok(to);
        a.send(Buffer.from('x'), 0, 1, to, 9); // nobody listens on the discard port: counted, not thrown
        a.send(Buffer.from('x'), 0, 1, PeerAddress.parse('::1') as PeerAddress, 9); // IPv6 peer from an IPv4 socket
      } finally {
        a.close();
        probe.close();
      }
    });

    test('promises and nextTicks queued by a handler run before the next macrotask', async () => {
      const a = await io.open('127.0.0.1', 0);
      const order: string[] = [];
      let done!: () => void;
      const finished = new Promise<void>((r) => (done = r));
      a.setHandler({
        onDatagram: () => {
          a.setHandler(undefined);
          setImmediate(() => {
            order.push('immediate');
            done();
          });
          void Promise.resolve().then(() => order.push('promise'));
          process.nextTick(() => order.push('tick'));
          order.push('handler');
        },
      });
      const probe = await udp('udp4', '127.0.0.1');
      probe.send('x', a.port, '127.0.0.1');
      await finished;
      assert.deepEqual(order, ['handler', 'tick', 'promise', 'immediate']);
      a.close();
      probe.close();
    });
  });
}

test('the batch callback runs in the async context the io was opened in (napi_make_callback)', { skip }, async () => {
  assert.ok(load.ok);
  // napi_call_function from a libuv callback would run with no async context: the store would be lost.
  const als = new AsyncLocalStorage<string>();
  const io = als.run('engine', () => new NativeDatagramIo(load.addon));
  try {
    const a = await io.open('127.0.0.1', 0);
    const stores: (string | undefined)[] = [];
    a.setHandler({ onDatagram: () => stores.push(als.getStore()) });
    const to = PeerAddress.parse('127.0.0.1');
    assert.ok(to);
    a.send(Buffer.from('x'), 0, 1, to, a.port);
    await until(() => stores.length === 1, 'the datagram');
    assert.deepEqual(stores, ['engine']);
  } finally {
    io.close();
  }
});

describe('the addon in worker threads', { skip }, () => {
  // Plain JS in the worker: it loads the .node file directly, like the media worker does through tsx.
  const workerCode = `
    const { parentPort, workerData } = require('node:worker_threads');
    const dgram = require('node:dgram');
    const addon = require(workerData.path);
    const got = [];
    const [io, data, meta] = addon.ioOpen((count) => {
      const m = new Int32Array(meta);
      for (let i = 0; i < count; i++) got.push(Buffer.from(data, m[i * 8 + 2], m[i * 8 + 3]).toString());
      if (got.length === workerData.n) parentPort.postMessage({ got: got.length, sorted: got.map(Number).sort((a, b) => a - b).join(',') === Array.from({ length: workerData.n }, (_, i) => i).join(','), keep: workerData.keep });
    }, 64);
    const addr = new Int32Array(4);
    new Uint8Array(addr.buffer).set([0,0,0,0,0,0,0,0,0,0,255,255,127,0,0,1]);
    const [id, port] = addon.socketOpen(io, 4, addr, 0);
    const s = dgram.createSocket('udp4');
    s.bind(0, '127.0.0.1', () => {
      for (let i = 0; i < workerData.n; i++) s.send(String(i), port, '127.0.0.1');
      s.unref();
    });
    // keep: the worker stays alive with its socket open until terminated (env cleanup must close it)
  `;

  test('loads in the main thread and in two workers at once; a terminated worker leaks no socket', async () => {
    assert.ok(load.ok);
    const fdsBefore = countFds();
    const workers = [0, 1].map((i) => new Worker(workerCode, { eval: true, workerData: { path: ADDON_PATH, n: 300, keep: i === 0 } }));
    const results = await Promise.all(workers.map(async (w) => (await once(w, 'message'))[0] as { got: number; sorted: boolean }));
    for (const r of results) {
      assert.equal(r.got, 300);
      assert.ok(r.sorted, 'every datagram once');
    }
    // The main thread's own io works alongside.
    const io = new NativeDatagramIo(load.addon);
    const a = await io.open('127.0.0.1', 0);
    const got = collect(a);
    const probe = await udp('udp4', '127.0.0.1');
    probe.send('main', a.port, '127.0.0.1');
    await until(() => got.length === 1, 'the main thread datagram');
    probe.close();
    io.close();
    await Promise.all(workers.map((w) => w.terminate()));
    await until(() => countFds() <= fdsBefore, `fds back to ${fdsBefore} (now ${countFds()})`);
  });
});

function countFds(): number {
  return readdirSync('/proc/self/fd').length;
}

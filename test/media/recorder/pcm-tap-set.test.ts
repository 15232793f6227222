import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PcmTapSet, type PcmMeta } from '../../../src/media/embedded/pcm-tap.ts';
import { decodeG711, type G711Law } from '../../../src/media/codec/g711-tables.ts';

const packet = Uint8Array.from({ length: 172 }, (_, i) => (i * 13) & 0xff);
const expected = (): number[] => {
  const pcm = new Int16Array(160);
  decodeG711('ulaw', packet.subarray(12), pcm);
  return [...pcm];
};

test('G.711 taps get the bytes and their law; PCM is decoded only when a PCM tap or the caller wants it', () => {
  const set = new PcmTapSet();
  const seen: string[] = [];
  const g711Tap = {
    onPcm: (): void => assert.fail('a G.711 tap is not given PCM'),
    onG711: (bytes: Uint8Array, start: number, end: number, law: G711Law, arrivalMs: number, ts: number, ssrc: number): void => {
      assert.equal(bytes, packet);
      seen.push(`g711 ${law} ${start}-${end} ${arrivalMs} ${ts} ${ssrc}`);
    },
  };
  set.addTap(g711Tap);
  set.addTap(g711Tap); // twice: still once
  assert.equal(set.size, 1);
  assert.equal(set.deliver(packet, 12, 172, 'ulaw', 40, 160, 7), undefined, 'nobody needs PCM');
  assert.deepEqual([...(set.deliver(packet, 12, 172, 'ulaw', 60, 320, 7, true) ?? [])], expected());
  const pcmSeen: Array<{ pcm: number[]; meta: PcmMeta }> = [];
  const pcmTap = { onPcm: (pcm: Int16Array, meta: PcmMeta): void => void pcmSeen.push({ pcm: [...pcm], meta: { ...meta } }) };
  set.addTap(pcmTap);
  const out = set.deliver(packet, 12, 172, 'ulaw', 80, 480, 7);
  assert.deepEqual(pcmSeen, [{ pcm: expected(), meta: { arrivalMs: 80, timestamp: 480, ssrc: 7 } }]);
  assert.deepEqual([...(out ?? [])], expected());
  set.removeTap(pcmTap);
  assert.equal(set.deliver(packet, 12, 172, 'alaw', 100, 640, 7), undefined, 'PCM no longer needed');
  assert.deepEqual(seen, ['g711 ulaw 12-172 40 160 7', 'g711 ulaw 12-172 60 320 7', 'g711 ulaw 12-172 80 480 7', 'g711 alaw 12-172 100 640 7']);
});

test('a tap removed (or added) during delivery does not disturb that delivery', () => {
  const set = new PcmTapSet();
  const calls: string[] = [];
  const second = { onPcm: (): void => void calls.push('second') };
  const first = {
    onPcm: (): void => {
      calls.push('first');
      set.removeTap(first);
      set.removeTap(second);
    },
  };
  set.addTap(first);
  set.addTap(second);
  set.deliver(packet, 12, 172, 'alaw', 0, 0, 1);
  set.deliver(packet, 12, 172, 'alaw', 20, 160, 1);
  assert.deepEqual(calls, ['first', 'second']);
  assert.equal(set.size, 0);
});

/** The reviewer's player's pure parts (web/src/features/quality/components/waveform.ts): peaks per side and the channel matrix. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHANNEL_MODES, PLAYBACK_SPEEDS, channelGains, peaksOf } from '../../web/src/features/quality/components/waveform.ts';

const buffer = (channels: Float32Array[]) => ({ numberOfChannels: channels.length, length: channels[0]!.length, getChannelData: (c: number) => channels[c]! });

test('peaks: the loudest sample of each column, per side; a silent side stays flat', () => {
  const caller = new Float32Array(800).map((_, i) => (i < 400 ? 0.5 * Math.sin(i) : -0.9 * (i % 2)));
  const agent = new Float32Array(800);
  const peaks = peaksOf(buffer([caller, agent]), 4);
  assert.equal(peaks.channels.length, 2);
  assert.deepEqual([...peaks.channels[0]!].map((v) => Math.round(v * 10) / 10), [0.5, 0.5, 0.9, 0.9]);
  assert.deepEqual([...peaks.channels[1]!], [0, 0, 0, 0]);
});

test('peaks: a mono recording shows the same on both lanes; more columns than samples is no error', () => {
  const mono = new Float32Array([0.1, -0.2, 0.3]);
  const peaks = peaksOf(buffer([mono]), 6);
  assert.deepEqual(peaks.channels[0], peaks.channels[1]);
  assert.equal(Math.round(peaks.channels[0]![0]! * 10), 1);
});

test('channel matrix: both sides as recorded, or one side in both ears; the speeds offered', () => {
  assert.deepEqual(CHANNEL_MODES.map(channelGains), [
    [1, 0, 0, 1],
    [1, 1, 0, 0],
    [0, 0, 1, 1],
  ]);
  assert.deepEqual([...PLAYBACK_SPEEDS], [0.75, 1, 1.25, 1.5, 2]);
});

// Reads WAV files of any common kind — PCM 8/16/24/32-bit, float 32/64, A-law, µ-law; any rate and
// channel count — and converts them to the engine's format: 8 kHz mono 16-bit.
//
//   const info = parseWavHeader(buf);                 // wav-header.ts
//   const { samples, sampleRate, channels } = decodeWav(buf);  // interleaved, 16-bit scale floats
//   const pcm: Int16Array = wavTo8kMono(buf);          // what the player plays
//
// Truncated files (a writer that died) are read up to the last whole sample frame.

import { alawToLinear, ulawToLinear } from '../codec/g711.ts';
import { downmixToMono } from '../dsp/downmix.ts';
import { SAMPLE_RATE, clip16 } from '../dsp/pcm.ts';
import { resample, resampleAsync } from '../dsp/resampler.ts';
import { parseWavHeader, type WavInfo } from './wav-header.ts';

export interface DecodedWav {
  info: WavInfo;
  sampleRate: number;
  channels: number;
  /** Interleaved samples scaled to the 16-bit range (−32768..32767, floats keep fractions). */
  samples: Float32Array;
}

/** Decodes a whole WAV file held in memory. Throws WavError for what it cannot read. */
export function decodeWav(buf: Buffer): DecodedWav {
  const info = parseWavHeader(buf);
  const bytesPer = info.bitsPerSample / 8;
  const count = info.dataLength / bytesPer;
  const samples = new Float32Array(count);
  const at = info.dataOffset;
  const read = sampleReader(info, buf);
  for (let i = 0; i < count; i++) samples[i] = read(at + i * bytesPer);
  return { info, sampleRate: info.sampleRate, channels: info.channels, samples };
}

/** A WAV file as 8 kHz mono 16-bit PCM (down-mixed by averaging, resampled with anti-aliasing). */
export function wavTo8kMono(buf: Buffer): Int16Array {
  const wav = decodeWav(buf);
  const mono = downmixToMono(wav.samples, wav.channels);
  const at8k = wav.sampleRate === SAMPLE_RATE ? mono : resample(mono, wav.sampleRate, SAMPLE_RATE);
  const out = new Int16Array(at8k.length);
  for (let i = 0; i < at8k.length; i++) out[i] = clip16(at8k[i] ?? 0);
  return out;
}

/**
 * wavTo8kMono without blocking the event loop on long files (hold music): channels are averaged
 * straight from the file bytes (no interleaved copy) and both that and the resampling yield every
 * few milliseconds. What WavCache and the TTS use.
 */
export async function wavTo8kMonoAsync(buf: Buffer): Promise<Int16Array> {
  const info = parseWavHeader(buf);
  const bytesPer = info.bitsPerSample / 8;
  const frames = info.dataLength / info.blockAlign;
  const read = sampleReader(info, buf);
  const mono = new Float32Array(frames);
  const CHUNK = 65536;
  for (let f0 = 0; f0 < frames; f0 += CHUNK) {
    const f1 = Math.min(frames, f0 + CHUNK);
    for (let f = f0; f < f1; f++) {
      let sum = 0;
      const at = info.dataOffset + f * info.blockAlign;
      for (let c = 0; c < info.channels; c++) sum += read(at + c * bytesPer);
      mono[f] = sum / info.channels;
    }
    if (f1 < frames) await new Promise<void>((r) => setImmediate(r));
  }
  const at8k = info.sampleRate === SAMPLE_RATE ? mono : await resampleAsync(mono, info.sampleRate, SAMPLE_RATE);
  const out = new Int16Array(at8k.length);
  for (let i = 0; i < at8k.length; i++) out[i] = clip16(at8k[i] ?? 0);
  return out;
}

function sampleReader(info: WavInfo, buf: Buffer): (offset: number) => number {
  switch (info.format) {
    case 'ulaw':
      return (o) => ulawToLinear(buf[o] ?? 0xff);
    case 'alaw':
      return (o) => alawToLinear(buf[o] ?? 0xd5);
    case 'float':
      return info.bitsPerSample === 64 ? (o) => buf.readDoubleLE(o) * 32768 : (o) => buf.readFloatLE(o) * 32768;
    case 'pcm':
      switch (info.bitsPerSample) {
        case 8:
          // 8-bit WAV is unsigned, centred on 128.
          return (o) => ((buf[o] ?? 128) - 128) * 256;
        case 16:
          return (o) => buf.readInt16LE(o);
        case 24:
          return (o) => buf.readIntLE(o, 3) / 256;
        default:
          return (o) => buf.readInt32LE(o) / 65536;
      }
  }
}

// RIFF/WAVE header parsing and building (the canonical layout below; real files add LIST, fact,
// JUNK… chunks, a longer fmt chunk, or WAVE_FORMAT_EXTENSIBLE, all handled).
//
//   offset  size  field
//    0      4     "RIFF"
//    4      4     file size − 8            (little-endian, like every field)
//    8      4     "WAVE"
//   12      4     "fmt "   16 | 18 | 40   format tag, channels, rate, byte rate, block align, bits
//   36      4     "data"
//   40      4     data size in bytes
//   44            samples, interleaved
//
// A writer that died leaves sizes that are too small (ours: last flush) or 0 / 0xFFFFFFFF; the
// parser reports both the declared and the available data length so callers can read what is
// there and repair.ts can fix the header.

import { WavError } from './wav-error.ts';

export type WavSampleFormat = 'pcm' | 'float' | 'alaw' | 'ulaw';

export interface WavInfo {
  format: WavSampleFormat;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Bytes per sample frame (all channels). */
  blockAlign: number;
  /** Offset of the first sample byte. */
  dataOffset: number;
  /** Data bytes the header declares. */
  declaredDataLength: number;
  /** Data bytes actually present (whole frames only), given the buffer/file length. */
  dataLength: number;
  /** The RIFF size the header declares. */
  declaredRiffSize: number;
}

const FORMAT_TAGS: Readonly<Record<number, WavSampleFormat>> = { 1: 'pcm', 3: 'float', 6: 'alaw', 7: 'ulaw' };
const EXTENSIBLE = 0xfffe;

/**
 * Parses the header from the start of a WAV file. `head` must hold at least the bytes up to the
 * data chunk's header; `fileLength` is the whole file's length (default head.length).
 */
export function parseWavHeader(head: Buffer, fileLength = head.length): WavInfo {
  if (head.length < 12 || head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WAVE') {
    throw new WavError('not-wav', 'not a RIFF/WAVE file');
  }
  let fmt: Omit<WavInfo, 'dataOffset' | 'declaredDataLength' | 'dataLength' | 'declaredRiffSize'> | undefined;
  let off = 12;
  while (off + 8 <= head.length) {
    const id = head.toString('latin1', off, off + 4);
    const size = head.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === 'fmt ') {
      if (body + 16 > head.length) throw new WavError('truncated', 'fmt chunk cut short');
      fmt = parseFmt(head, body, size);
    } else if (id === 'data') {
      if (!fmt) throw new WavError('no-fmt', 'data chunk before any fmt chunk');
      const available = Math.max(0, fileLength - body);
      // 0 and 0xFFFFFFFF are what streaming writers put before they know the size.
      const usable = size === 0 || size === 0xffffffff ? available : Math.min(size, available);
      const dataLength = usable - (usable % fmt.blockAlign);
      return { ...fmt, dataOffset: body, declaredDataLength: size, dataLength, declaredRiffSize: head.readUInt32LE(4) };
    }
    off = body + size + (size & 1); // RIFF chunks are padded to even length
  }
  throw new WavError(fmt ? 'no-data' : 'no-fmt', fmt ? 'no data chunk' : 'no fmt chunk');
}

function parseFmt(buf: Buffer, at: number, size: number): Omit<WavInfo, 'dataOffset' | 'declaredDataLength' | 'dataLength' | 'declaredRiffSize'> {
  let tag = buf.readUInt16LE(at);
  const channels = buf.readUInt16LE(at + 2);
  const sampleRate = buf.readUInt32LE(at + 4);
  const blockAlign = buf.readUInt16LE(at + 12);
  const bitsPerSample = buf.readUInt16LE(at + 14);
  if (tag === EXTENSIBLE && size >= 40 && at + 26 <= buf.length) {
    // WAVE_FORMAT_EXTENSIBLE: the real tag is the first two bytes of the SubFormat GUID.
    tag = buf.readUInt16LE(at + 24);
  }
  const format = FORMAT_TAGS[tag];
  if (!format) throw new WavError('unsupported-format', `WAV format tag 0x${tag.toString(16)} is not supported`);
  const okBits = format === 'pcm' ? [8, 16, 24, 32] : format === 'float' ? [32, 64] : [8];
  if (!okBits.includes(bitsPerSample)) throw new WavError('unsupported-format', `${bitsPerSample}-bit ${format} is not supported`);
  if (channels < 1 || sampleRate < 1 || blockAlign !== (channels * bitsPerSample) / 8) {
    throw new WavError('unsupported-format', `inconsistent fmt chunk (channels ${channels}, rate ${sampleRate}, block ${blockAlign})`);
  }
  return { format, sampleRate, channels, bitsPerSample, blockAlign };
}

/** The canonical 44-byte header for 16-bit PCM with `dataBytes` of samples. */
export function pcm16WavHeader(sampleRate: number, channels: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'latin1');
  h.write('fmt ', 12, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * channels * 2, 28);
  h.writeUInt16LE(channels * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** A whole 16-bit PCM WAV file in memory (interleaved samples). */
export function encodeWavPcm16(samples: Int16Array, sampleRate: number, channels = 1): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  return Buffer.concat([pcm16WavHeader(sampleRate, channels, data.length), data]);
}

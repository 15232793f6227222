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
// there and repair-wav.ts can fix the header.
//
// Recordings are written in one of two layouts (RecordingFormat): 16-bit PCM with the canonical
// 44-byte header above, or G.711 µ-law (format tag 7, 8 bits per sample, half the bytes) with the
// 58-byte header below — an 18-byte fmt chunk (cbSize 0) and a fact chunk, because "the fact chunk
// is required for all new WAVE formats", i.e. every format but WAVE_FORMAT_PCM (Microsoft
// Multimedia Standards Update, 1994, "Fact Chunk"), holding the length in sample frames.
//
//   offset  size  field (µ-law)
//   12      4     "fmt "   18: tag 7, channels, rate, byte rate = rate·channels, block = channels, 8 bits, cbSize 0
//   38      4     "fact"    4: dwSampleLength, sample frames per channel
//   50      4     "data"
//   54      4     data size in bytes
//   58            µ-law bytes, interleaved

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
  /** File offset of the fact chunk's sample count (dwSampleLength), when the file has one before its data. */
  factSampleOffset?: number;
  /** The sample count (frames per channel) the fact chunk declares. */
  declaredFactSamples?: number;
}

/** How recordings are stored: 16-bit linear PCM, or G.711 µ-law (half the bytes, no decode while recording). */
export type RecordingFormat = 'pcm16' | 'ulaw';

export const RECORDING_FORMATS: readonly RecordingFormat[] = ['ulaw', 'pcm16'];

/** Bytes per sample (one channel) of a recording format. */
export function recordingSampleBytes(format: RecordingFormat): 1 | 2 {
  return format === 'ulaw' ? 1 : 2;
}

/** Header length of the WAV files this module writes in `format`. */
export function recordingHeaderBytes(format: RecordingFormat): number {
  return format === 'ulaw' ? ULAW_HEADER_BYTES : PCM16_HEADER_BYTES;
}

const PCM16_HEADER_BYTES = 44;
const ULAW_HEADER_BYTES = 58;

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
  let fact: { factSampleOffset: number; declaredFactSamples: number } | undefined;
  while (off + 8 <= head.length) {
    const id = head.toString('latin1', off, off + 4);
    const size = head.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === 'fact' && size >= 4 && body + 4 <= head.length) {
      fact = { factSampleOffset: body, declaredFactSamples: head.readUInt32LE(body) };
    } else if (id === 'fmt ') {
      if (body + 16 > head.length) throw new WavError('truncated', 'fmt chunk cut short');
      fmt = parseFmt(head, body, size);
    } else if (id === 'data') {
      if (!fmt) throw new WavError('no-fmt', 'data chunk before any fmt chunk');
      const available = Math.max(0, fileLength - body);
      // 0 and 0xFFFFFFFF are what streaming writers put before they know the size.
      const usable = size === 0 || size === 0xffffffff ? available : Math.min(size, available);
      const dataLength = usable - (usable % fmt.blockAlign);
      return { ...fmt, dataOffset: body, declaredDataLength: size, dataLength, declaredRiffSize: head.readUInt32LE(4), ...fact };
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
  const h = Buffer.alloc(PCM16_HEADER_BYTES);
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

/** The 58-byte header for G.711 µ-law (fmt with cbSize, fact chunk) with `dataBytes` of samples. */
export function ulawWavHeader(sampleRate: number, channels: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(ULAW_HEADER_BYTES);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(ULAW_HEADER_BYTES - 8 + dataBytes, 4);
  h.write('WAVE', 8, 'latin1');
  h.write('fmt ', 12, 'latin1');
  h.writeUInt32LE(18, 16);
  h.writeUInt16LE(7, 20); // WAVE_FORMAT_MULAW
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * channels, 28);
  h.writeUInt16LE(channels, 32);
  h.writeUInt16LE(8, 34);
  h.writeUInt16LE(0, 36); // cbSize: no extra format bytes
  h.write('fact', 38, 'latin1');
  h.writeUInt32LE(4, 42);
  h.writeUInt32LE(Math.floor(dataBytes / channels), 46);
  h.write('data', 50, 'latin1');
  h.writeUInt32LE(dataBytes, 54);
  return h;
}

/** The header this module writes for a recording in `format`. */
export function recordingWavHeader(format: RecordingFormat, sampleRate: number, channels: number, dataBytes: number): Buffer {
  return format === 'ulaw' ? ulawWavHeader(sampleRate, channels, dataBytes) : pcm16WavHeader(sampleRate, channels, dataBytes);
}

/** A whole µ-law WAV file in memory (interleaved µ-law bytes). */
export function encodeWavUlaw(bytes: Uint8Array, sampleRate: number, channels = 1): Buffer {
  return Buffer.concat([ulawWavHeader(sampleRate, channels, bytes.length), bytes]);
}

/** A whole 16-bit PCM WAV file in memory (interleaved samples). */
export function encodeWavPcm16(samples: Int16Array, sampleRate: number, channels = 1): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  return Buffer.concat([pcm16WavHeader(sampleRate, channels, data.length), data]);
}

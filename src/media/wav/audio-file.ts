// Decodes a prompt file to 8 kHz mono 16-bit by its name: raw G.711 (`.ulaw`, `.pcmu`, `.ul`,
// `.mulaw` → µ-law; `.alaw`, `.pcma`, `.al` → A-law, 8 kHz mono headerless) or WAV (anything else).

import { alawToLinear, ulawToLinear } from '../codec/g711.ts';
import { wavTo8kMonoAsync } from './wav-reader.ts';

export type AudioFileKind = 'wav' | 'ulaw' | 'alaw';

/** The kind of a prompt file, from its extension. */
export function audioFileKind(path: string): AudioFileKind {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (['ulaw', 'pcmu', 'ul', 'mulaw'].includes(ext)) return 'ulaw';
  if (['alaw', 'pcma', 'al'].includes(ext)) return 'alaw';
  return 'wav';
}

/**
 * The file's audio at 8 kHz mono 16-bit (resampling yields to the event loop). Rejects with
 * WavError for a WAV it cannot read.
 */
export async function decodeAudioFile(path: string, bytes: Buffer): Promise<Int16Array> {
  const kind = audioFileKind(path);
  if (kind === 'wav') return wavTo8kMonoAsync(bytes);
  const decode = kind === 'ulaw' ? ulawToLinear : alawToLinear;
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = decode(bytes[i] ?? 0);
  return out;
}

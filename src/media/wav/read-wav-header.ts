// The header of a WAV file on disk, read without its samples (a recording may be hours long):
// the first bytes, where the data chunk starts (LIST/JUNK chunks before it are small), parsed
// against the file's real length. Throws WavError as parseWavHeader does.

import { open, type FileHandle } from 'node:fs/promises';
import { parseWavHeader, type WavInfo } from './wav-header.ts';

const HEAD = 64 * 1024;

/** The header of the file open as `fh`, and the file's length. */
export async function readWavHeaderOf(fh: FileHandle): Promise<{ info: WavInfo; size: number }> {
  const { size } = await fh.stat();
  const head = Buffer.alloc(Math.min(HEAD, size));
  await fh.read(head, 0, head.length, 0);
  return { info: parseWavHeader(head, size), size };
}

/** The header of the WAV file at `path`. */
export async function readWavFileHeader(path: string): Promise<WavInfo> {
  const fh = await open(path, 'r');
  try {
    return (await readWavHeaderOf(fh)).info;
  } finally {
    await fh.close();
  }
}

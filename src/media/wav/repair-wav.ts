// Fixes the header of a WAV file whose writer died: the RIFF size and the data chunk size are set
// from the file's real length (cut to whole sample frames), so every tool reads all the audio
// that reached the disk. A fact chunk (µ-law recordings have one; wav-header.ts) gets the sample
// frame count that goes with that length: readers that trust it (sox does for non-PCM formats)
// would otherwise stop at the count of the last header update.
//
//   const r = await repairWav('/var/lib/hotline/recordings/abc.wav');
//   r.status: 'ok' (nothing to do) | 'repaired' | 'unrepairable' (r.reason says why)

import { open } from 'node:fs/promises';
import { readWavHeaderOf } from './read-wav-header.ts';
import { WavError } from './wav-error.ts';

export type RepairStatus = 'ok' | 'repaired' | 'unrepairable';

export interface RepairResult {
  status: RepairStatus;
  path: string;
  /** Sample bytes in the (repaired) file. */
  dataBytes: number;
  reason?: string;
}

export async function repairWav(path: string): Promise<RepairResult> {
  const fh = await open(path, 'r+').catch((err: Error) => {
    throw new WavError('io', `cannot open ${path}: ${err.message}`);
  });
  try {
    let info;
    let size;
    try {
      ({ info, size } = await readWavHeaderOf(fh));
    } catch (err) {
      if (err instanceof WavError) return { status: 'unrepairable', path, dataBytes: 0, reason: err.message };
      throw err;
    }
    const dataBytes = Math.max(0, size - info.dataOffset);
    const whole = dataBytes - (dataBytes % info.blockAlign);
    const fileEnd = info.dataOffset + whole;
    const frames = whole / info.blockAlign;
    const factOk = info.factSampleOffset === undefined || info.declaredFactSamples === frames;
    if (info.declaredDataLength === whole && info.declaredRiffSize === fileEnd - 8 && fileEnd === size && factOk) {
      return { status: 'ok', path, dataBytes: whole };
    }
    // A partial last sample frame is noise: cut it so the data chunk holds whole frames.
    if (fileEnd !== size) await fh.truncate(fileEnd);
    const field = Buffer.alloc(4);
    field.writeUInt32LE(fileEnd - 8, 0);
    await fh.write(field, 0, 4, 4);
    field.writeUInt32LE(whole, 0);
    await fh.write(field, 0, 4, info.dataOffset - 4);
    if (info.factSampleOffset !== undefined) {
      field.writeUInt32LE(frames, 0);
      await fh.write(field, 0, 4, info.factSampleOffset);
    }
    await fh.sync();
    return { status: 'repaired', path, dataBytes: whole };
  } finally {
    await fh.close();
  }
}

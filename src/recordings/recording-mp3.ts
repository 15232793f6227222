/**
 * The MP3 of a recording (C16), kept beside its WAV (`<call id>.mp3`): made once — after the call,
 * off the call path, or at the first `?format=mp3` download, whichever comes first — and then
 * served as a file. Conversions go through one queue (lame in a child process, one at a time, so
 * a burst of hang-ups does not start an encoder per call on two cores), two asks for the same
 * file share one conversion, and an MP3 appears under its name only when complete (written as
 * `.part`, then renamed), so a half-written one is never served.
 */
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Mp3Queue } from '../media/recorder/mp3.ts';

const queue = new Mp3Queue({ concurrency: 1 });
const converting = new Map<string, Promise<string>>();

export function mp3PathOf(wavPath: string): string {
  return `${wavPath.replace(/\.wav$/i, '')}.mp3`;
}

/** The path of the recording's MP3, converting it first when it does not exist yet. */
export function recordingMp3(wavPath: string): Promise<string> {
  const mp3 = mp3PathOf(wavPath);
  if (existsSync(mp3)) return Promise.resolve(mp3);
  let pending = converting.get(mp3);
  if (!pending) {
    pending = convert(wavPath, mp3).finally(() => converting.delete(mp3));
    converting.set(mp3, pending);
  }
  return pending;
}

async function convert(wavPath: string, mp3: string): Promise<string> {
  const part = `${mp3}.part`;
  try {
    await queue.convert(wavPath, { mp3Path: part });
    await rename(part, mp3);
    return mp3;
  } catch (err) {
    await rm(part, { force: true });
    throw err;
  }
}

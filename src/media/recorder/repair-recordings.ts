// Run once at start, before new recordings begin: every WAV still marked in progress
// (`<file>.wav.recording`, left by a CallRecorder whose process died) gets its header repaired
// from the file's real length, then the marker is removed. `{ all: true }` checks every WAV in the
// tree instead (slow on large archives; for an operator's manual repair).
//
//   const results = await repairRecordings('/var/lib/hotline/recordings');
//   for (const r of results) if (r.status === 'repaired') mp3Queue.convert(r.path);

import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { repairWav, type RepairResult } from '../wav/repair-wav.ts';
import { IN_PROGRESS_SUFFIX } from './call-recorder.ts';

export async function repairRecordings(dir: string, opts: { all?: boolean } = {}): Promise<RepairResult[]> {
  const results: RepairResult[] = [];
  for (const file of await walk(dir)) {
    if (file.endsWith(IN_PROGRESS_SUFFIX)) {
      results.push(await repairRecording(file.slice(0, -IN_PROGRESS_SUFFIX.length)));
    } else if (opts.all && /\.wav$/i.test(file)) {
      const r = await repairOne(file);
      if (r.status !== 'ok') results.push(r);
    }
  }
  return results;
}

/** One recording whose writer died (process or media worker): header repaired, marker removed. */
export async function repairRecording(path: string): Promise<RepairResult> {
  const result = await repairOne(path);
  await unlink(path + IN_PROGRESS_SUFFIX).catch(() => undefined);
  return result;
}

async function repairOne(path: string): Promise<RepairResult> {
  try {
    return await repairWav(path);
  } catch (err) {
    // A marker without its WAV (the writer died before creating it) or an unreadable file.
    return { status: 'unrepairable', path, dataBytes: 0, reason: (err as Error).message };
  }
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

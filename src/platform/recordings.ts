/**
 * Where call recordings live (P4): `<data dir>/recordings/YYYY/MM/DD/<call id>.wav` by the call's
 * UTC start date, so a retention job can drop whole days. Files a crash left half-written are
 * repaired (header fixed) at start, never lost.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repairRecordings } from '../media/recorder/repair-recordings.ts';

export function recordingsDir(dataDir: string): string {
  return join(dataDir, 'recordings');
}

export function recordingPathFor(dataDir: string): (callId: string, startedAt: Date) => string {
  return (callId, startedAt) => {
    const iso = startedAt.toISOString();
    const dir = join(recordingsDir(dataDir), iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10));
    mkdirSync(dir, { recursive: true });
    return join(dir, `${callId}.wav`);
  };
}

/** Repairs every recording a crash left open; returns how many were repaired. */
export async function repairInterruptedRecordings(dataDir: string): Promise<number> {
  const dir = recordingsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const results = await repairRecordings(dir);
  return results.filter((r) => r.status === 'repaired').length;
}

// Prompt files converted once: the first play of a WAV (or raw G.711 file, see audio-file.ts) reads and converts it to 8 kHz mono 16-bit;
// later plays (every caller hearing the welcome prompt) reuse the samples. Keyed by path, size and
// modification time, so a replaced file is converted again. Least recently used entries are dropped
// past `maxBytes` of samples.
//
//   const cache = new WavCache({ maxBytes: 64 << 20 });
//   const pcm = await cache.load('/srv/prompts/welcome.wav');   // Int16Array, do not modify

import { readFile, stat } from 'node:fs/promises';
import { decodeAudioFile } from './audio-file.ts';
import { WavError } from './wav-error.ts';

export interface WavCacheOptions {
  /** Bytes of converted samples kept. Default 64 MiB (~70 minutes of prompts). */
  maxBytes?: number;
}

export class WavCache {
  private readonly entries = new Map<string, { key: string; pcm: Promise<Int16Array>; bytes: number }>();
  private bytes = 0;
  private readonly maxBytes: number;
  /** Conversions performed (cache misses), for tests and stats. */
  conversions = 0;

  constructor(opts: WavCacheOptions = {}) {
    this.maxBytes = opts.maxBytes ?? 64 << 20;
  }

  /** The file's samples at 8 kHz mono. Rejects with WavError ('io' when unreadable). */
  async load(path: string): Promise<Int16Array> {
    let key: string;
    try {
      const st = await stat(path);
      key = `${st.size}:${st.mtimeMs}`;
    } catch (err) {
      throw new WavError('io', `cannot read ${path}: ${(err as Error).message}`);
    }
    const hit = this.entries.get(path);
    if (hit && hit.key === key) {
      // Refresh recency: Map iteration order is insertion order.
      this.entries.delete(path);
      this.entries.set(path, hit);
      return hit.pcm;
    }
    if (hit) this.drop(path);
    this.conversions++;
    const pcm = readFile(path).then((bytes) => decodeAudioFile(path, bytes));
    const entry = { key, pcm, bytes: 0 };
    this.entries.set(path, entry);
    try {
      const samples = await pcm;
      entry.bytes = samples.byteLength;
      this.bytes += entry.bytes;
      this.evict();
      return samples;
    } catch (err) {
      this.drop(path);
      if (err instanceof WavError) throw err;
      throw new WavError('io', `cannot read ${path}: ${(err as Error).message}`);
    }
  }

  private drop(path: string): void {
    const e = this.entries.get(path);
    if (!e) return;
    this.bytes -= e.bytes;
    this.entries.delete(path);
  }

  private evict(): void {
    for (const path of this.entries.keys()) {
      if (this.bytes <= this.maxBytes || this.entries.size <= 1) break;
      this.drop(path);
    }
  }
}

// What a play produces: 8 kHz 16-bit frames pulled one at a time by the frame clock. Each kind of
// PlaySource becomes a FrameSource; file and text sources resolve their samples first (cached).

import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ALAW_TO_LINEAR, ULAW_TO_LINEAR } from '../codec/g711-tables.ts';
import { ToneGenerator } from '../dsp/tone-generator.ts';
import { CHINA_TONES, dtmfToneSpec } from '../dsp/tone-plan.ts';
import type { PlaySource } from '../media-engine-options.ts';
import { MediaError } from '../media-error.ts';
import type { Synthesizer } from '../tts/synthesizer.ts';
import type { WavCache } from '../wav/wav-cache.ts';

export interface FrameSource {
  /** Writes the next frame into `out`; false when the source has ended (out is then silence). */
  read(out: Int16Array): boolean;
}

export interface FrameSourceDeps {
  wavCache: WavCache;
  synthesizer?: Synthesizer;
}

class SamplesSource implements FrameSource {
  private at = 0;
  constructor(private readonly pcm: Int16Array) {}
  read(out: Int16Array): boolean {
    if (this.at >= this.pcm.length) {
      out.fill(0);
      return false;
    }
    const n = Math.min(out.length, this.pcm.length - this.at);
    out.set(this.pcm.subarray(this.at, this.at + n));
    out.fill(0, n);
    this.at += n;
    return true;
  }
}

class ToneSource implements FrameSource {
  private left: number;
  constructor(
    private readonly gen: ToneGenerator,
    durationMs: number | undefined,
  ) {
    this.left = durationMs === undefined ? Infinity : Math.round(durationMs * 8);
  }
  read(out: Int16Array): boolean {
    if (this.left <= 0 || this.gen.finished) {
      out.fill(0);
      return false;
    }
    this.gen.fill(out);
    if (this.left < out.length) out.fill(0, this.left);
    this.left -= out.length;
    return true;
  }
}

class SequenceSource implements FrameSource {
  private index = 0;
  constructor(private readonly items: FrameSource[]) {}
  read(out: Int16Array): boolean {
    while (this.index < this.items.length) {
      if (this.items[this.index]?.read(out)) return true;
      this.index++;
    }
    out.fill(0);
    return false;
  }
}

/** Starts again from a fresh source at the end (music on hold). */
class LoopSource implements FrameSource {
  private current: FrameSource;
  constructor(private readonly make: () => FrameSource) {
    this.current = make();
  }
  read(out: Int16Array): boolean {
    if (this.current.read(out)) return true;
    this.current = this.make();
    // An empty source looped would spin: end instead.
    return this.current.read(out);
  }
}

/** Loads whatever the source needs, then returns a factory of fresh FrameSources for it. */
export async function prepareFrameSource(src: PlaySource, deps: FrameSourceDeps, signal?: AbortSignal): Promise<() => FrameSource> {
  switch (src.kind) {
    case 'silence': {
      const pcm = new Int16Array(Math.max(0, Math.round(src.ms * 8)));
      return () => new SamplesSource(pcm);
    }
    case 'tone': {
      const spec = CHINA_TONES[src.tone];
      if (!spec) throw new MediaError('file', `unknown tone ${String(src.tone)}`);
      return () => new ToneSource(new ToneGenerator(spec), src.durationMs);
    }
    case 'file': {
      const pcm = await loadFile(src.path, deps);
      return () => new SamplesSource(pcm);
    }
    case 'text': {
      if (!deps.synthesizer) throw new MediaError('file', 'no text-to-speech synthesiser is configured');
      const opts: { voice?: string; signal?: AbortSignal } = {};
      if (src.voice !== undefined) opts.voice = src.voice;
      if (signal) opts.signal = signal;
      const path = await deps.synthesizer.synthesize(src.text, src.language ?? 'zh-CN', opts);
      const pcm = await loadFile(path, deps);
      return () => new SamplesSource(pcm);
    }
    case 'sequence': {
      const makers = await Promise.all(src.items.map((i) => prepareFrameSource(i, deps, signal)));
      return () => new SequenceSource(makers.map((m) => m()));
    }
  }
}

export function loopSource(make: () => FrameSource): FrameSource {
  return new LoopSource(make);
}

/** In-band DTMF for a far end without telephone-event (Q.23 pair, then a pause). */
export function dtmfFrameSource(digit: string, durationMs: number): FrameSource {
  return new ToneSource(new ToneGenerator(dtmfToneSpec(digit, { onMs: durationMs, offMs: 0 })), durationMs + 60);
}

async function loadFile(path: string, deps: FrameSourceDeps): Promise<Int16Array> {
  const ext = extname(path).toLowerCase();
  try {
    if (ext === '.ulaw' || ext === '.pcmu' || ext === '.ul' || ext === '.alaw' || ext === '.pcma' || ext === '.al') {
      // Raw G.711 at 8 kHz: decode once per play (cheap: one table lookup per byte).
      const bytes = await readFile(path);
      const table = ext === '.ulaw' || ext === '.pcmu' || ext === '.ul' ? ULAW_TO_LINEAR : ALAW_TO_LINEAR;
      return Int16Array.from(bytes, (b) => table[b] ?? 0);
    }
    return await deps.wavCache.load(path);
  } catch (err) {
    throw new MediaError('file', `cannot play ${path}: ${(err as Error).message}`);
  }
}

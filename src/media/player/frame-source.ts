// The player's pure core: a PlaySource (the MediaEngine's: file, tone, silence, text, sequence;
// plus loop) becomes a stream of 20 ms frames of 160 samples at 8 kHz. All file reading and speech
// synthesis happen up front in `openFrameSource`; after that `next()` is synchronous and cheap, so
// the pacer can call it from its timer.
//
//   const src = await openFrameSource(playSource, { loop: true, files: wavCache, synthesizer });
//   let frame: Int16Array | null;
//   while ((frame = src.next())) send(frame);     // the pacer does this every 20 ms
//
// The last frame is padded with silence to 160 samples. Files are WAV at any rate/channels/format
// (converted once by the WavCache) or raw G.711 (.ulaw/.pcmu/.alaw/.pcma).

import type { PlaySource } from '../media-engine-options.ts';
import { FRAME_SAMPLES } from '../dsp/pcm.ts';
import { CHINA_TONES } from '../dsp/tone-plan.ts';
import type { Synthesizer } from '../tts/synthesizer.ts';
import type { WavCache } from '../wav/wav-cache.ts';
import { LoopSource, PcmSource, SequenceSource, SilenceSource, ToneSource, type SampleSource } from './sample-source.ts';

export interface FrameSource {
  /** The next 20 ms frame (a new array each time), or null once the source has ended. */
  next(): Int16Array | null;
  /** Frames produced so far. */
  readonly frames: number;
}

export interface OpenFrameSourceOptions {
  /** Play the whole source again at its end, forever (music on hold). */
  loop?: boolean;
  /** Where files are read and converted (shared across calls so each prompt converts once). */
  files: Pick<WavCache, 'load'>;
  /** Needed for `{ kind: 'text' }` sources. */
  synthesizer?: Synthesizer;
  signal?: AbortSignal;
}

/** Loads everything the source needs and returns its frame stream. Rejects with WavError/TtsError. */
export async function openFrameSource(source: PlaySource, opts: OpenFrameSourceOptions): Promise<FrameSource> {
  const make = await prepare(source, opts);
  const samples = opts.loop ? new LoopSource(make) : make();
  return new Framer(samples);
}

/**
 * Frames from any SampleSource — e.g. in-band DTMF for a far end without telephone-event:
 * `toFrameSource(new ToneSource(dtmfToneSpec('5', { onMs: 100, offMs: 60 })))`.
 */
export function toFrameSource(samples: SampleSource): FrameSource {
  return new Framer(samples);
}

/** Resolves files and text once; returns a factory of fresh sample sources (one per loop pass). */
async function prepare(source: PlaySource, opts: OpenFrameSourceOptions): Promise<() => SampleSource> {
  opts.signal?.throwIfAborted();
  switch (source.kind) {
    case 'file': {
      const pcm = await opts.files.load(source.path);
      return () => new PcmSource(pcm);
    }
    case 'text': {
      if (!opts.synthesizer) throw new TypeError('a text source needs a synthesizer');
      const path = await opts.synthesizer.synthesize(source.text, source.language ?? 'zh-CN', { voice: source.voice, signal: opts.signal });
      const pcm = await opts.files.load(path);
      return () => new PcmSource(pcm);
    }
    case 'tone': {
      const spec = CHINA_TONES[source.tone];
      if (!spec) throw new TypeError(`unknown tone ${String(source.tone)}`);
      return () => new ToneSource(spec, source.durationMs);
    }
    case 'silence':
      return () => new SilenceSource(source.ms);
    case 'sequence': {
      const items = await Promise.all(source.items.map((item) => prepare(item, opts)));
      return () => new SequenceSource(items.map((make) => make()));
    }
  }
}

class Framer implements FrameSource {
  private ended = false;
  frames = 0;
  constructor(private readonly src: SampleSource) {}

  next(): Int16Array | null {
    if (this.ended) return null;
    const frame = new Int16Array(FRAME_SAMPLES);
    const n = this.src.read(frame, 0, FRAME_SAMPLES);
    if (n < FRAME_SAMPLES) this.ended = true;
    if (n === 0) return null;
    this.frames++;
    return frame;
  }
}

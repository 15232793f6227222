/** A fake caller endpoint for flow unit tests: records plays, keys scripted digits during plays. */
import type { DtmfEvent, PlayOptions, PlayOutcome, PlaySource, RecordOptions, Recording } from '../../src/media/media-engine.ts';
import { TypedEventSource } from '../../src/kernel/typed-event.ts';
import type { FlowMedia } from '../../src/flows/flow-media.ts';

export class FakeFlowMedia implements FlowMedia {
  readonly plays: PlaySource[] = [];
  readonly recordings: { path: string; stopped: boolean }[] = [];
  readonly dtmf = new TypedEventSource<DtmfEvent>();
  readonly onDtmf = this.dtmf;
  /** Keys the caller presses while the n-th play (0-based) runs. */
  readonly keysDuringPlay = new Map<number, string>();

  play(source: PlaySource, opts: PlayOptions = {}): Promise<PlayOutcome> {
    const n = this.plays.length;
    this.plays.push(source);
    const keys = this.keysDuringPlay.get(n) ?? '';
    for (const digit of keys) this.press(digit);
    if (keys && opts.stopOnDtmf) return Promise.resolve('dtmf');
    return Promise.resolve(opts.signal?.aborted ? 'stopped' : 'finished');
  }

  press(digit: string): void {
    this.dtmf.emit({ digit, durationMs: 100, source: 'rfc4733' });
  }

  record(opts: RecordOptions): Promise<Recording> {
    const r = { path: opts.path, stopped: false };
    this.recordings.push(r);
    return Promise.resolve({
      path: opts.path,
      stop: () => {
        r.stopped = true;
        return Promise.resolve({ path: opts.path, durationMs: 4200, channels: 1 as const });
      },
      pause: () => Promise.resolve(),
      resume: () => Promise.resolve(),
      switchOther: () => Promise.reject(new Error('a voicemail recording is mono')),
    });
  }

  /** Names of the system prompts / text played, in order (tones as `tone:<name>`). */
  played(): string[] {
    return this.plays.map((p) => {
      if (p.kind === 'file') return (p.path.split('/').pop() ?? '').replace(/\.wav$/, '');
      if (p.kind === 'text') return `text:${p.text}`;
      if (p.kind === 'tone') return `tone:${p.tone}`;
      return p.kind;
    });
  }
}

/** Lets pending promise chains run. */
export function flush(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

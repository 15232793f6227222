import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DtmfDetector, type DtmfToneEvent } from '../../../src/media/dsp/dtmf-detector.ts';
import { ToneGenerator } from '../../../src/media/dsp/tone-generator.ts';
import { dtmfToneSpec } from '../../../src/media/dsp/tone-plan.ts';
import { alawToLinear, linearToAlaw, linearToUlaw, ulawToLinear } from '../../../src/media/codec/g711.ts';
import { decodeWav } from '../../../src/media/wav/wav-reader.ts';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ALL = '123A456B789C*0#D';

function tone(digit: string, ms: number, levelDbm0 = -7): Int16Array {
  const out = new Int16Array((ms * 8000) / 1000);
  new ToneGenerator(dtmfToneSpec(digit, { onMs: ms, levelDbm0 })).fill(out);
  return out;
}

function concat(parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function feed(det: DtmfDetector, audio: Int16Array): DtmfToneEvent[] {
  const events: DtmfToneEvent[] = [];
  for (let i = 0; i < audio.length; i += 160) events.push(...det.process(audio.subarray(i, i + 160)));
  return events;
}

const silence = (ms: number): Int16Array => new Int16Array((ms * 8000) / 1000);

test('each of the 16 digits is detected exactly once', () => {
  for (const d of ALL) {
    const events = feed(new DtmfDetector(), concat([silence(40), tone(d, 100), silence(100)]));
    assert.deepEqual(events.filter((e) => e.type === 'begin').map((e) => e.digit), [d], `digit ${d}`);
    const end = events.find((e) => e.type === 'end');
    assert.ok(end && end.type === 'end' && end.durationMs >= 80 && end.durationMs <= 140, JSON.stringify(end));
  }
});

test('a fast sequence of all digits (60 ms on, 60 ms off) comes out in order', () => {
  const parts: Int16Array[] = [];
  for (const d of ALL) parts.push(tone(d, 60), silence(60));
  const events = feed(new DtmfDetector(), concat(parts));
  assert.equal(events.filter((e) => e.type === 'begin').map((e) => e.digit).join(''), ALL);
});

test('a long press is one digit', () => {
  const events = feed(new DtmfDetector(), concat([tone('7', 3000), silence(100)]));
  assert.deepEqual(events.map((e) => e.type), ['begin', 'end']);
});

test('too-short tones (20 ms) and too-weak tones are rejected', () => {
  for (const d of ALL) {
    assert.deepEqual(feed(new DtmfDetector(), concat([silence(30), tone(d, 20), silence(100)])), []);
  }
  assert.deepEqual(feed(new DtmfDetector(), concat([tone('5', 200, -45), silence(100)])), []);
});

test('excessive twist is rejected', () => {
  // Column tone 12 dB above the row tone (reverse twist limit is 4 dB).
  const n = 1600;
  const a = new Int16Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.round(800 * Math.sin((2 * Math.PI * 770 * i) / 8000) + 3200 * Math.sin((2 * Math.PI * 1336 * i) / 8000));
  assert.deepEqual(feed(new DtmfDetector(), a), []);
});

test('speech-like sound and noise are not digits', () => {
  // Voiced speech model: a gliding pitch (90–260 Hz) with harmonics shaped by three moving formants,
  // syllables separated by pauses, plus breath noise — 20 seconds of it.
  let seed = 12345;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const rate = 8000;
  const audio = new Int16Array(rate * 20);
  let phase = 0;
  for (let i = 0; i < audio.length; i++) {
    const t = i / rate;
    const f0 = 175 + 85 * Math.sin(2 * Math.PI * 0.7 * t) * Math.sin(2 * Math.PI * 0.13 * t);
    phase += (2 * Math.PI * f0) / rate;
    const formants = [500 + 300 * Math.sin(2 * Math.PI * 1.3 * t), 1500 + 700 * Math.sin(2 * Math.PI * 0.9 * t), 2500];
    let v = 0;
    for (let h = 1; h * f0 < 3800; h++) {
      const fh = h * f0;
      let gain = 0;
      for (const f of formants) gain += 1 / (1 + ((fh - f) / 120) ** 2);
      v += (gain / h) * Math.sin(h * phase);
    }
    const syllable = Math.max(0, Math.sin(2 * Math.PI * 3 * t));
    audio[i] = Math.round(4000 * v * syllable + 300 * rand());
  }
  assert.deepEqual(feed(new DtmfDetector(), audio), []);
  const noise = new Int16Array(rate * 5).map(() => Math.round(8000 * rand()));
  assert.deepEqual(feed(new DtmfDetector(), noise), []);
});

test('digits are still found under moderate noise', () => {
  let seed = 99;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const audio = concat([tone('9', 80), silence(80), tone('#', 80), silence(80)]).map((s) => s + Math.round(300 * rand()));
  assert.equal(feed(new DtmfDetector(), audio).filter((e) => e.type === 'begin').map((e) => e.digit).join(''), '9#');
});

/** A sung vowel: harmonics of a gliding pitch under narrow formants placed on a DTMF pair. */
function vowel(formants: number[], bandwidth: number, f0lo: number, f0hi: number): Int16Array {
  const audio = new Int16Array(8000 * 10);
  let phase = 0;
  for (let i = 0; i < audio.length; i++) {
    const t = i / 8000;
    const f0 = f0lo + (f0hi - f0lo) * (0.5 + 0.5 * Math.sin(2 * Math.PI * 0.5 * t));
    phase += (2 * Math.PI * f0) / 8000;
    let v = 0;
    for (let h = 1; h * f0 < 3800; h++) {
      let gain = 0.05;
      for (const f of formants) gain += 1 / (1 + ((h * f0 - f) / bandwidth) ** 2);
      v += gain * Math.sin(h * phase);
    }
    audio[i] = Math.round(3000 * v);
  }
  return audio;
}

test('talk-off: vowels with formants on DTMF pairs are rejected (and would fool a lax detector)', () => {
  const vowels = [vowel([770, 1336], 60, 90, 260), vowel([697, 1209], 40, 80, 300), vowel([852, 1477, 2500], 80, 100, 220)];
  const begins = (det: DtmfDetector, a: Int16Array): number => feed(det, a).filter((e) => e.type === 'begin').length;
  for (const v of vowels) assert.equal(begins(new DtmfDetector(), v), 0);
  // The same signals do trip a detector without the energy-share check: the test has teeth.
  assert.ok(vowels.reduce((n, v) => n + begins(new DtmfDetector({ minPurity: 0.5 }), v), 0) > 10);
});

test('talk-off: the shipped zh-CN and English speech prompts hold no digits', () => {
  const root = fileURLToPath(new URL('../../../assets/prompts/', import.meta.url));
  let files = 0;
  for (const lang of ['zh-CN', 'en']) {
    // Recursive: the queue's lines live in a folder of their own (assets/prompts/<lang>/queue).
    for (const f of readdirSync(root + lang, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.wav'))) {
      const speech = Int16Array.from(decodeWav(readFileSync(`${root}${lang}/${f}`)).samples);
      assert.deepEqual(feed(new DtmfDetector(), speech), [], f);
      files++;
    }
  }
  assert.ok(files >= 20);
});

test('digits survive G.711 (µ-law and A-law) at -20 dBm0', () => {
  const parts: Int16Array[] = [];
  for (const d of ALL) parts.push(tone(d, 70, -20), silence(60));
  const audio = concat(parts);
  const viaU = audio.map((s) => ulawToLinear(linearToUlaw(s)));
  const viaA = audio.map((s) => alawToLinear(linearToAlaw(s)));
  for (const a of [viaU, viaA]) assert.equal(feed(new DtmfDetector(), a).filter((e) => e.type === 'begin').map((e) => e.digit).join(''), ALL);
});

test('duration limits at every alignment: 45 ms always found, 25 ms never', () => {
  for (const [ms, expected] of [[45, 1], [25, 0]] as const) {
    for (let offset = 0; offset < 102; offset += 3) {
      const audio = concat([new Int16Array(offset), tone('8', ms), silence(100)]);
      assert.equal(feed(new DtmfDetector(), audio).filter((e) => e.type === 'begin').length, expected, `${ms} ms at +${offset}`);
    }
  }
});

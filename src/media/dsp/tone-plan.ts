// The Chinese telephone tone plan (GB/T 3380 "电话自动交换网 信号音"; YD/T 1223): every call
// progress tone is 450 Hz at about -10 dBm0, told apart only by cadence. Plus DTMF pairs
// (ITU-T Q.23) for in-band sending and for tests of the detector.

import type { ToneName } from '../media-engine-options.ts';

export type { ToneName };

/** One burst of a cadence: tone for `onMs`, then silence for `offMs`. */
export interface ToneBurst {
  onMs: number;
  offMs: number;
}

export interface ToneSpec {
  /** Sine components summed together (one for call progress tones, two for DTMF). */
  frequencies: readonly number[];
  /** Level of each component in dBm0 (0 dBm0 = a sine 3.17 dB below G.711 full scale). */
  levelDbm0: number;
  /** Bursts in order; `null` means a continuous tone. */
  cadence: readonly ToneBurst[] | null;
  /** After the last burst start again (true) or stay silent and report `finished` (false). */
  repeat: boolean;
}

/** China's call progress tones. */
export const CHINA_TONES: Readonly<Record<ToneName, ToneSpec>> = {
  // 拨号音: continuous 450 Hz.
  dial: { frequencies: [450], levelDbm0: -10, cadence: null, repeat: true },
  // 回铃音: 450 Hz, 1 s on / 4 s off.
  ringback: { frequencies: [450], levelDbm0: -10, cadence: [{ onMs: 1000, offMs: 4000 }], repeat: true },
  // 忙音: 450 Hz, 0.35 s on / 0.35 s off.
  busy: { frequencies: [450], levelDbm0: -10, cadence: [{ onMs: 350, offMs: 350 }], repeat: true },
  // 拥塞音: 450 Hz, 0.7 s on / 0.7 s off.
  congestion: { frequencies: [450], levelDbm0: -10, cadence: [{ onMs: 700, offMs: 700 }], repeat: true },
  // 呼叫等待音: 450 Hz, 0.4 s on / 4 s off.
  'call-waiting': { frequencies: [450], levelDbm0: -10, cadence: [{ onMs: 400, offMs: 4000 }], repeat: true },
  // The voicemail "leave a message after the tone" beep: one 1 kHz burst of 0.5 s.
  beep: { frequencies: [1000], levelDbm0: -10, cadence: [{ onMs: 500, offMs: 0 }], repeat: false },
};

/** ITU-T Q.23 DTMF frequencies: rows (low group) and columns (high group). */
export const DTMF_ROWS = [697, 770, 852, 941] as const;
export const DTMF_COLS = [1209, 1336, 1477, 1633] as const;
/** The keypad, row by row: DTMF_KEYPAD[row][col]. */
export const DTMF_KEYPAD = ['123A', '456B', '789C', '*0#D'] as const;

/** The two frequencies of a DTMF digit, or undefined for anything that is not a key. */
export function dtmfFrequencies(digit: string): [number, number] | undefined {
  for (let r = 0; r < DTMF_KEYPAD.length; r++) {
    const c = (DTMF_KEYPAD[r] ?? '').indexOf(digit.toUpperCase());
    if (c >= 0 && digit.length === 1) return [DTMF_ROWS[r] ?? 0, DTMF_COLS[c] ?? 0];
  }
  return undefined;
}

/** A DTMF tone spec for one key press (default 100 ms on, -7 dBm0 per component, played once). */
export function dtmfToneSpec(digit: string, opts: { onMs?: number; offMs?: number; levelDbm0?: number } = {}): ToneSpec {
  const freqs = dtmfFrequencies(digit);
  if (!freqs) throw new RangeError(`not a DTMF digit: ${JSON.stringify(digit)}`);
  return {
    frequencies: freqs,
    levelDbm0: opts.levelDbm0 ?? -7,
    cadence: [{ onMs: opts.onMs ?? 100, offMs: opts.offMs ?? 0 }],
    repeat: false,
  };
}

// Text to speech behind one small interface, so a cloud TTS can replace espeak-ng later.
// The result is a WAV file path (8 kHz mono 16-bit), which the player plays like any prompt.

export type TtsLanguage = 'zh-CN' | 'en';

export interface Synthesizer {
  /** Speaks `text`; resolves the path of an 8 kHz mono 16-bit WAV. Rejects with TtsError. */
  synthesize(text: string, lang: TtsLanguage, opts?: { voice?: string; signal?: AbortSignal }): Promise<string>;
}

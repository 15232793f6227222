import { api, unwrap } from '@/shared/api/index.ts';
import type { ResponseOf } from '@/shared/api/index.ts';

export type Prompt = ResponseOf<'/api/v1/prompts', 'get'>[number];
export type TtsLanguage = 'zh-CN' | 'en';

export const fetchPrompts = () => unwrap(api.GET('/api/v1/prompts'));

/** The file itself is the body (the server converts WAV or MP3 to 8 kHz mono). */
export const uploadPrompt = (name: string, file: File) =>
  unwrap(
    api.POST('/api/v1/prompts', {
      params: { query: { name } },
      body: file as never,
      bodySerializer: (b: unknown) => b as BodyInit,
      headers: { 'Content-Type': file.type === 'audio/mpeg' || file.name.toLowerCase().endsWith('.mp3') ? 'audio/mpeg' : 'audio/wav' },
    }),
  );

export const speakPrompt = (name: string, text: string, language: TtsLanguage) => unwrap(api.POST('/api/v1/prompts/tts', { body: { name, text, language } }));

/** The spoken text as WAV, nothing stored: a blob for the preview player. */
export const previewTts = (text: string, language: TtsLanguage) => unwrap(api.POST('/api/v1/prompts/tts-preview', { body: { text, language }, parseAs: 'blob' })) as Promise<unknown> as Promise<Blob>;

export const deletePrompt = (id: string) => unwrap(api.DELETE('/api/v1/prompts/{id}', { params: { path: { id } } }));

/** A flow's prompt as something the media engine plays. */
import { isAbsolute, join } from 'node:path';
import type { PlaySource } from '../media/media-engine.ts';
import { systemPromptPath } from '../media/tts/system-prompts.ts';
import type { Prompt } from './flow-schema.ts';

export type FlowLanguage = 'zh-CN' | 'en';

/** `audioDir`: where tenant audio lives (validateFlow keeps the path inside it). */
export function promptSource(p: Prompt, language: FlowLanguage, audioDir: string): PlaySource {
  if ('system' in p) return { kind: 'file', path: systemPromptPath(p.system, language) };
  if ('audio' in p) return { kind: 'file', path: isAbsolute(p.audio) ? p.audio : join(audioDir, p.audio) };
  return { kind: 'text', text: p.text, language };
}

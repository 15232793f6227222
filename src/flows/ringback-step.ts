/**
 * R9: which audio the caller hears while phones ring — the tenant's own (彩铃) when the flow names
 * one, else nothing here (call control sends plain 180 Ringing and the caller's phone rings).
 */
import type { PlaySource } from '../media/media-engine.ts';
import type { NumberFlow } from './flow-schema.ts';
import { promptSource } from './prompt-source.ts';

export function ringbackSource(flow: NumberFlow, audioDir: string): PlaySource | undefined {
  if (!flow.ringback) return undefined;
  return promptSource(flow.ringback, flow.language ?? 'zh-CN', audioDir);
}

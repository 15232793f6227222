/** The music a held party hears unless the driver names its own (assets/music-on-hold.wav, made by scripts/make-hold-music.ts). */
import { fileURLToPath } from 'node:url';
import type { PlaySource } from '../media/media-engine.ts';

export const DEFAULT_HOLD_MUSIC: PlaySource = { kind: 'file', path: fileURLToPath(new URL('../../assets/music-on-hold.wav', import.meta.url)) };

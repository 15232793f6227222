/** The player's pure parts: peaks of each channel, the speeds offered, and the channel matrix of each listening mode. */

export const PLAYBACK_SPEEDS = [0.75, 1, 1.25, 1.5, 2] as const;
/** Both sides as recorded (caller left, agent right), or one side in both ears. */
export const CHANNEL_MODES = ['both', 'caller', 'agent'] as const;
export type ChannelMode = (typeof CHANNEL_MODES)[number];

/** Gains of left→left, left→right, right→left, right→right. */
export function channelGains(mode: ChannelMode): [number, number, number, number] {
  if (mode === 'caller') return [1, 1, 0, 0];
  if (mode === 'agent') return [0, 0, 1, 1];
  return [1, 0, 0, 1];
}

export interface Peaks {
  /** Per channel (caller, agent), `width` values 0..1: the loudest sample of each column. */
  channels: Float32Array[];
}

/** The loudest sample per column of each side (a mono recording shows the same on both lanes). */
export function peaksOf(buffer: { numberOfChannels: number; length: number; getChannelData(c: number): Float32Array }, width: number): Peaks {
  const channels = [0, 1].map((ch) => {
    const data = buffer.getChannelData(Math.min(ch, buffer.numberOfChannels - 1));
    const out = new Float32Array(width);
    const per = Math.max(1, Math.floor(buffer.length / width));
    for (let x = 0; x < width; x++) {
      let max = 0;
      const end = Math.min(data.length, (x + 1) * per);
      for (let i = x * per; i < end; i++) {
        const v = Math.abs(data[i]!);
        if (v > max) max = v;
      }
      out[x] = Math.min(1, max);
    }
    return out;
  });
  return { channels };
}

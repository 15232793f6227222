// The mixer: one 20 ms tick of a room (supervised call or small conference) from each member's
// received frame to each member's frame to send. Sums in 32 bits, clips once to 16 bits.
//
// Who hears whom is decided by each speaker's role (the MediaEngine's ConferenceRole):
//   participant — heard by everyone else (barge, conference member, the caller and the agent)
//   listener    — heard by no one (supervisor listen)
//   whisper     — heard only by `to` (supervisor whisper to the agent)
// Everyone hears every speaker that is audible to them, never themselves.
//
//   const mix = new AudioMixer();
//   mix.setMember('caller'); mix.setMember('agent'); mix.setMember('sup', { kind: 'listener' });
//   const out = mix.mix(new Map([['caller', f1], ['agent', f2], ['sup', f3]]));  // out.get('agent')

import { FRAME_SAMPLES } from './pcm.ts';

export type MixRole = { kind: 'participant' } | { kind: 'listener' } | { kind: 'whisper'; to: string };

export type SupervisionMode = 'listen' | 'whisper' | 'barge';

const PARTICIPANT: MixRole = { kind: 'participant' };

export class AudioMixer {
  private readonly roles = new Map<string, MixRole>();

  constructor(private readonly frameSamples = FRAME_SAMPLES) {}

  /** Adds a member or changes its role (no gap in audio: takes effect at the next mix()). */
  setMember(id: string, role: MixRole = PARTICIPANT): void {
    this.roles.set(id, role);
  }

  removeMember(id: string): void {
    this.roles.delete(id);
  }

  get members(): string[] {
    return [...this.roles.keys()];
  }

  /** Whether `listener` hears `speaker` under the current roles. */
  hears(listener: string, speaker: string): boolean {
    if (listener === speaker || !this.roles.has(listener)) return false;
    const role = this.roles.get(speaker);
    if (!role) return false;
    switch (role.kind) {
      case 'participant':
        return true;
      case 'listener':
        return false;
      case 'whisper':
        return role.to === listener;
    }
  }

  /**
   * Mixes one tick. `inputs` holds each member's received frame (absent = silence); the result
   * holds a new frame for every member. Cost O(members × samples): the participants' sum is built
   * once and each listener's own voice is subtracted.
   */
  mix(inputs: ReadonlyMap<string, Int16Array>): Map<string, Int16Array> {
    const n = this.frameSamples;
    const publicSum = new Int32Array(n);
    for (const [id, role] of this.roles) {
      const frame = inputs.get(id);
      if (frame && role.kind === 'participant') addInto(publicSum, frame);
    }
    const out = new Map<string, Int16Array>();
    const acc = new Int32Array(n);
    for (const [id, role] of this.roles) {
      acc.set(publicSum);
      const own = inputs.get(id);
      if (own && role.kind === 'participant') subtractFrom(acc, own);
      for (const [other, otherRole] of this.roles) {
        if (otherRole.kind !== 'whisper' || otherRole.to !== id || other === id) continue;
        const frame = inputs.get(other);
        if (frame) addInto(acc, frame);
      }
      out.set(id, clipTo16(acc));
    }
    return out;
  }
}

/** The roles of a supervised call: caller and agent talk; the supervisor joins per `mode`. */
export function supervisionRoles(mode: SupervisionMode, ids: { caller: string; agent: string; supervisor: string }): Map<string, MixRole> {
  const supervisor: MixRole =
    mode === 'listen' ? { kind: 'listener' } : mode === 'whisper' ? { kind: 'whisper', to: ids.agent } : PARTICIPANT;
  return new Map<string, MixRole>([
    [ids.caller, PARTICIPANT],
    [ids.agent, PARTICIPANT],
    [ids.supervisor, supervisor],
  ]);
}

/** Sums frames sample by sample with saturation at the 16-bit limits. */
export function mixSum(frames: readonly Int16Array[], length = frames[0]?.length ?? 0): Int16Array {
  const acc = new Int32Array(length);
  for (const f of frames) addInto(acc, f);
  return clipTo16(acc);
}

function addInto(acc: Int32Array, frame: Int16Array): void {
  const n = Math.min(acc.length, frame.length);
  for (let i = 0; i < n; i++) acc[i] = (acc[i] ?? 0) + (frame[i] ?? 0);
}

function subtractFrom(acc: Int32Array, frame: Int16Array): void {
  const n = Math.min(acc.length, frame.length);
  for (let i = 0; i < n; i++) acc[i] = (acc[i] ?? 0) - (frame[i] ?? 0);
}

function clipTo16(acc: Int32Array): Int16Array {
  const out = new Int16Array(acc.length);
  for (let i = 0; i < acc.length; i++) {
    const v = acc[i] ?? 0;
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

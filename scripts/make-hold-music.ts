// Produces the music on hold the platform ships: assets/music-on-hold.wav, 8 kHz mono 16-bit, a
// slow eight-second arpeggio (soft sine notes with a decay) that loops seamlessly. A tenant's own
// music replaces it later; this one needs no licence. Re-run and commit the WAV after changing it:
//
//   node --import tsx scripts/make-hold-music.ts

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodeWavPcm16 } from '../src/media/wav/wav-header.ts';

const RATE = 8000;
const NOTE_S = 0.5;
// C major, A minor, F major, G major arpeggios (Hz), four notes each.
const NOTES = [261.63, 329.63, 392.0, 523.25, 220.0, 261.63, 329.63, 440.0, 174.61, 220.0, 261.63, 349.23, 196.0, 246.94, 293.66, 392.0];

const out = new Int16Array(Math.round(NOTES.length * NOTE_S * RATE));
NOTES.forEach((hz, i) => {
  const start = Math.round(i * NOTE_S * RATE);
  const len = Math.round(NOTE_S * RATE);
  for (let n = 0; n < len; n++) {
    const t = n / RATE;
    const envelope = Math.min(1, t / 0.02) * Math.exp(-3 * t);
    const v = 0.25 * envelope * (Math.sin(2 * Math.PI * hz * t) + 0.3 * Math.sin(4 * Math.PI * hz * t));
    out[start + n] = Math.round(v * 32767);
  }
});
const path = fileURLToPath(new URL('../assets/music-on-hold.wav', import.meta.url));
writeFileSync(path, encodeWavPcm16(out, RATE));
console.log(`${path}: ${out.length / RATE} s`);

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWavPcm16, encodeWavUlaw } from '../../../src/media/wav/wav-header.ts';
import { linearToUlaw } from '../../../src/media/codec/g711.ts';
import { RECORDING_FORMATS, type RecordingFormat } from '../../../src/media/wav/wav-header.ts';

// The portal serves recordings and voicemail as `audio/wav` for an <audio> element: Chromium
// must play both recording formats. (Its canPlayType('audio/wav; codecs="7"') answers "", so the
// portal must not name the codec in a <source type>; plain `audio/wav` is what the routes send.)

const chromium = ['chromium', 'chromium-browser'].find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-wavbrowser-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** One second of stereo: 440 Hz at half scale on the left, silence on the right, as each format stores it. */
function recording(format: RecordingFormat): Buffer {
  const pcm = new Int16Array(16000);
  for (let i = 0; i < 8000; i++) pcm[2 * i] = Math.round(16384 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  return format === 'ulaw' ? encodeWavUlaw(Uint8Array.from(pcm, linearToUlaw), 8000, 2) : encodeWavPcm16(pcm, 8000, 2);
}

/** A page that plays the file in an <audio> element and decodes it with Web Audio; the result lands in the DOM. */
function page(wav: Buffer): string {
  return `<html><head><title>pending</title></head><body><div id="out">pending</div><script>
const url = 'data:audio/wav;base64,${wav.toString('base64')}';
const bytes = Uint8Array.from(atob(url.slice(url.indexOf(',') + 1)), (c) => c.charCodeAt(0));
new OfflineAudioContext(2, 8000, 8000).decodeAudioData(bytes.buffer).then((b) => {
  const rms = (d) => Math.sqrt(d.reduce((s, v) => s + v * v, 0) / d.length).toFixed(3);
  document.getElementById('out').textContent = 'decoded ' + b.numberOfChannels + ' ' + b.duration.toFixed(3) + ' ' + rms(b.getChannelData(0)) + ' ' + rms(b.getChannelData(1));
}, (e) => { document.getElementById('out').textContent = 'error ' + e; });
const a = new Audio(url);
a.onloadedmetadata = () => { document.title = 'audio ' + a.duration; };
a.onerror = () => { document.title = 'audio error ' + (a.error && a.error.code); };
</script></body></html>`;
}

for (const format of RECORDING_FORMATS) {
  test(`${format}: Chromium's <audio> loads the recording and Web Audio decodes it (length, each channel)`, { skip: !chromium && 'needs Debian chromium' }, () => {
    const html = join(dir, `${format}.html`);
    writeFileSync(html, page(recording(format)));
    const run = spawnSync(chromium ?? 'chromium', ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${join(dir, 'profile')}`, '--virtual-time-budget=5000', '--dump-dom', `file://${html}`], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    const dom = run.stdout;
    assert.match(dom, /<title>audio 1<\/title>/, `the <audio> element reads the file as 1 s long (${/<title>[^<]*/.exec(dom)?.[0] ?? run.stderr.slice(0, 500)})`);
    const m = /decoded (\d) ([\d.]+) ([\d.]+) ([\d.]+)/.exec(dom);
    assert.ok(m, `decodeAudioData: ${/id="out">[^<]*/.exec(dom)?.[0] ?? run.stderr.slice(0, 500)}`);
    assert.equal(m[1], '2');
    assert.equal(m[2], '1.000');
    assert.ok(Math.abs(Number(m[3]) - 0.354) < 0.01, `left RMS ${m[3]} (a half-scale sine: 0.354)`);
    assert.equal(m[4], '0.000', 'right channel silent');
  });
}

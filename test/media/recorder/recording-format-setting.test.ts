import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings, SettingsError } from '../../../src/config/settings.ts';

test('HOTLINE_RECORDING_FORMAT: ulaw by default, pcm16 on request, from the YAML file too; anything else is refused', () => {
  assert.equal(loadSettings({}).recordingFormat, 'ulaw');
  assert.equal(loadSettings({ HOTLINE_RECORDING_FORMAT: 'pcm16' }).recordingFormat, 'pcm16');
  assert.equal(loadSettings({ HOTLINE_RECORDING_FORMAT: ' ULAW ' }).recordingFormat, 'ulaw');
  const dir = mkdtempSync(join(tmpdir(), 'hotline-recfmt-'));
  try {
    writeFileSync(join(dir, 'hotline.yaml'), 'recordingFormat: pcm16\n');
    assert.equal(loadSettings({ HOTLINE_CONFIG: join(dir, 'hotline.yaml') }).recordingFormat, 'pcm16', 'the YAML key');
    assert.equal(loadSettings({ HOTLINE_CONFIG: join(dir, 'hotline.yaml'), HOTLINE_RECORDING_FORMAT: 'ulaw' }).recordingFormat, 'ulaw', 'env over the file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const bad of ['alaw', 'mp3', 'pcm', 'wav']) {
    assert.throws(() => loadSettings({ HOTLINE_RECORDING_FORMAT: bad }), (e: unknown) => e instanceof SettingsError && /HOTLINE_RECORDING_FORMAT must be ulaw or pcm16/.test(e.message), bad);
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSettings, SettingsError } from '../../../src/config/settings.ts';

test('HOTLINE_MEDIA_NATIVE_IO: auto (default), on, off; anything else refused', () => {
  assert.equal(loadSettings({}).mediaNativeIo, 'auto');
  assert.equal(loadSettings({ HOTLINE_MEDIA_NATIVE_IO: 'off' }).mediaNativeIo, 'off');
  assert.equal(loadSettings({ HOTLINE_MEDIA_NATIVE_IO: ' ON ' }).mediaNativeIo, 'on');
  assert.equal(loadSettings({ HOTLINE_MEDIA_NATIVE_IO: 'auto' }).mediaNativeIo, 'auto');
  for (const bad of ['yes', 'native', '1']) assert.throws(() => loadSettings({ HOTLINE_MEDIA_NATIVE_IO: bad }), SettingsError, bad);
});

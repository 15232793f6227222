import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings, SettingsError } from '../../../src/config/settings.ts';
import { portPairs, slicePortRange } from '../../../src/media/worker/port-slices.ts';

test('HOTLINE_MEDIA_WORKERS: a number, 0 for the main thread, auto = two per core when ≥ 2 cores', () => {
  assert.equal(loadSettings({ HOTLINE_MEDIA_WORKERS: '3' }).mediaWorkers, 3);
  assert.equal(loadSettings({ HOTLINE_MEDIA_WORKERS: '0' }).mediaWorkers, 0);
  const cores = availableParallelism();
  const auto = cores >= 2 ? 2 * cores : 0;
  assert.equal(loadSettings({ HOTLINE_MEDIA_WORKERS: 'auto' }).mediaWorkers, auto);
  assert.equal(loadSettings({}).mediaWorkers, auto, 'auto is the default');
  const dir = mkdtempSync(join(tmpdir(), 'hotline-workers-'));
  try {
    writeFileSync(join(dir, 'hotline.yaml'), 'mediaWorkers: 0\n');
    assert.equal(loadSettings({ HOTLINE_CONFIG: join(dir, 'hotline.yaml') }).mediaWorkers, 0, 'the YAML key');
    assert.equal(loadSettings({ HOTLINE_CONFIG: join(dir, 'hotline.yaml'), HOTLINE_MEDIA_WORKERS: '1' }).mediaWorkers, 1, 'env over the file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const bad of ['-1', '1.5', 'many', '9999']) {
    assert.throws(() => loadSettings({ HOTLINE_MEDIA_WORKERS: bad }), SettingsError, bad);
  }
});

test('the RTP range is cut into disjoint even/odd-pair slices, one per worker', () => {
  assert.deepEqual(slicePortRange('20000-29999', 2), ['20000-24999', '25000-29999']);
  assert.deepEqual(slicePortRange('20001-20010', 3), ['20002-20005', '20006-20007', '20008-20009']);
  assert.equal(portPairs('20001-20010'), 4);
  assert.throws(() => slicePortRange('20000-20003', 3), RangeError);
  assert.throws(() => slicePortRange('20000-20003', 0), RangeError);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/hotline.mjs', import.meta.url));

test('hotline help prints the commands', () => {
  const res = spawnSync(process.execPath, [bin, 'help'], { encoding: 'utf8' });
  assert.equal(res.status, 0);
  assert.match(res.stdout, /start/);
  assert.match(res.stdout, /import FILE/);
});

test('an unknown command exits 2 with usage on stderr', () => {
  const res = spawnSync(process.execPath, [bin, 'frobnicate'], { encoding: 'utf8' });
  assert.equal(res.status, 2);
  assert.match(res.stderr, /unknown command 'frobnicate'/);
});

#!/usr/bin/env node
// Builds the media engine's native datagram I/O addon (src/media/native/hotline-dgram.c) with the
// system C compiler into build/native/hotline_dgram.node. No node-gyp: it would download headers;
// Node's own include directory (<prefix>/include/node, or $npm_config_nodedir/include/node) has
// node_api.h and uv.h. When there is no compiler or no headers this prints why and exits 0: the
// media engine then uses node:dgram (HOTLINE_MEDIA_NATIVE_IO=auto).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = join(root, 'src/media/native/hotline-dgram.c');
const outDir = join(root, 'build/native');
const out = join(outDir, 'hotline_dgram.node');

function includeDir() {
  const candidates = [];
  if (process.env.npm_config_nodedir) candidates.push(join(process.env.npm_config_nodedir, 'include/node'));
  candidates.push(join(dirname(process.execPath), '..', 'include/node'));
  candidates.push('/usr/include/node', '/usr/local/include/node');
  return candidates.find((d) => existsSync(join(d, 'node_api.h')) && existsSync(join(d, 'uv.h')));
}

function skip(reason) {
  console.log(`build-native: skipped (${reason}); the media engine will use node:dgram`);
  process.exit(0);
}

if (process.platform !== 'linux') skip(`recvmmsg/epoll need Linux, this is ${process.platform}`);
const cc = process.env.CC ?? 'cc';
if (spawnSync(cc, ['--version'], { stdio: 'ignore' }).status !== 0) skip(`no C compiler '${cc}' (Debian: apt-get install gcc libc6-dev)`);
const include = includeDir();
if (!include) skip('no Node headers with node_api.h and uv.h (set npm_config_nodedir, or install Node with its include/ directory)');

if (existsSync(out) && statSync(out).mtimeMs >= statSync(source).mtimeMs && statSync(out).mtimeMs >= statSync(fileURLToPath(import.meta.url)).mtimeMs) {
  console.log(`build-native: ${out} is up to date`);
  process.exit(0);
}
mkdirSync(outDir, { recursive: true });
// Built to a temporary name and renamed: a worker loading the addon never sees half a file.
const tmp = `${out}.${process.pid}.tmp`;
const res = spawnSync(cc, ['-O2', '-g0', '-Wall', '-Wextra', '-Wno-unused-parameter', '-std=gnu11', '-shared', '-fPIC', `-I${include}`, '-o', tmp, source], { stdio: 'inherit' });
if (res.status !== 0) skip(`${cc} failed (exit ${res.status ?? res.signal})`);
renameSync(tmp, out);
console.log(`build-native: built ${out}`);

// Chooses an engine's datagram I/O (HOTLINE_MEDIA_NATIVE_IO): `auto` takes the native addon when
// it is built and loads here, else node:dgram with one log line saying why; `on` insists on the
// addon; `off` is node:dgram.

import type { DatagramIo } from '../embedded/datagram-io.ts';
import { MediaError } from '../media-error.ts';
import { loadDgramAddon } from './native-addon.ts';
import { NativeDatagramIo } from './native-datagram-io.ts';
import { NodeDatagramIo } from './node-datagram-io.ts';

export type NativeIoSetting = 'auto' | 'on' | 'off';

export function parseNativeIoSetting(value: string): NativeIoSetting | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'auto' || v === '') return 'auto';
  if (['on', '1', 'true', 'yes'].includes(v)) return 'on';
  if (['off', '0', 'false', 'no'].includes(v)) return 'off';
  return undefined;
}

export function openDatagramIo(setting: NativeIoSetting, log: (line: string) => void): DatagramIo {
  if (setting === 'off') return new NodeDatagramIo();
  const load = loadDgramAddon();
  if (load.ok) return new NativeDatagramIo(load.addon);
  if (setting === 'on') throw new MediaError('backend', `native media I/O was asked for (HOTLINE_MEDIA_NATIVE_IO=on) but ${load.reason}`);
  log(`media: native datagram I/O not available, using node:dgram: ${load.reason}`);
  return new NodeDatagramIo();
}

/**
 * What to hand to engines started elsewhere (worker threads): checks the addon in this thread
 * once, so an `auto` that falls back is logged once and the workers are told `off`.
 */
export function resolveNativeIo(setting: NativeIoSetting, log: (line: string) => void): NativeIoSetting {
  if (setting === 'off') return 'off';
  const load = loadDgramAddon();
  if (load.ok) return setting;
  if (setting === 'on') throw new MediaError('backend', `native media I/O was asked for (HOTLINE_MEDIA_NATIVE_IO=on) but ${load.reason}`);
  log(`media: native datagram I/O not available, using node:dgram: ${load.reason}`);
  return 'off';
}

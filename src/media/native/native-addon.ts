// Loads the native datagram addon (build/native/hotline_dgram.node, built by
// scripts/build-native.mjs from hotline-dgram.c) once per thread, and says why when it cannot.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The addon's functions (see hotline-dgram.c for the contract of each). */
export interface DgramAddon {
  /** Returns [handle, data arena, per-packet metadata]; `onBatch(count)` is called once per loop wakeup. */
  ioOpen(onBatch: (count: number) => void, slots: number): [DgramHandle, ArrayBuffer, ArrayBuffer];
  ioClose(io: DgramHandle): void;
  /** Throws an error with `code` (EADDRINUSE …) when the bind fails. Returns [socket id, bound port]. */
  socketOpen(io: DgramHandle, family: 4 | 6, address: Int32Array, port: number): [number, number];
  socketClose(io: DgramHandle, id: number): void;
  /** 0 when sent, else the errno (counted in the io's stats, never thrown). */
  sendTo(io: DgramHandle, id: number, buffer: Uint8Array, offset: number, length: number, address: Int32Array, port: number): number;
  /** Fills rx packets, rx batches, rx truncated, rx errors, tx packets, tx errors, last tx errno, open sockets. */
  ioStats(io: DgramHandle, out: Float64Array): void;
  readonly slotBytes: number;
  readonly metaInts: number;
}

/** An opaque handle (a napi external). */
export type DgramHandle = { readonly __brand: 'hotline-dgram-io' };

export const ADDON_PATH = fileURLToPath(new URL('../../../build/native/hotline_dgram.node', import.meta.url));

export type AddonLoad = { ok: true; addon: DgramAddon } | { ok: false; reason: string };

let loaded: AddonLoad | undefined;

/** The addon, or why it is not available (not built, failed to load). Cached for the thread. */
export function loadDgramAddon(): AddonLoad {
  if (loaded) return loaded;
  if (!existsSync(ADDON_PATH)) {
    loaded = { ok: false, reason: `${ADDON_PATH} is not built (npm ci runs scripts/build-native.mjs; it needs cc and Node's headers)` };
    return loaded;
  }
  try {
    const addon = createRequire(import.meta.url)(ADDON_PATH) as DgramAddon;
    loaded = { ok: true, addon };
  } catch (err) {
    loaded = { ok: false, reason: `${ADDON_PATH} did not load: ${(err as Error).message}` };
  }
  return loaded;
}

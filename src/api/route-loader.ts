import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';

/** Where the route plugins live: one file per resource, each default-exporting a Fastify plugin. */
export const ROUTES_FOLDER = fileURLToPath(new URL('./routes/', import.meta.url));

const ROUTE_FILE = /^[a-z0-9][a-z0-9-]*\.ts$/;

export interface RoutePluginFile {
  readonly name: string;
  readonly plugin: FastifyPluginAsync;
}

/**
 * Imports every `<resource>.ts` in the folder, sorted by name, so a domain adds its routes by adding
 * a file — nobody edits a central list. A file without a function default export stops the start.
 */
export async function loadRoutePlugins(folder: string = ROUTES_FOLDER): Promise<RoutePluginFile[]> {
  const names = (await readdir(folder)).filter((f) => ROUTE_FILE.test(f) && !f.endsWith('.test.ts')).sort();
  const plugins: RoutePluginFile[] = [];
  for (const name of names) {
    const mod = (await import(pathToFileURL(join(folder, name)).href)) as { default?: unknown };
    if (typeof mod.default !== 'function') throw new Error(`route file ${name} must default-export a Fastify plugin`);
    plugins.push({ name, plugin: mod.default as FastifyPluginAsync });
  }
  return plugins;
}

/**
 * The installed package's root folder (where its package.json named escape-studio lives), found
 * by walking up from this module. Paths into the package (out/renderer, out/cli/compute.worker.mjs)
 * are taken from here, never relative to `import.meta.url`: in the bundled CLI this code may sit in
 * any chunk (out/cli/ or out/cli/chunks/), from sources in native-workers/pool/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { root: string; version: string } | null = null;

function find(): { root: string; version: string } {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let k = 0; k < 8; k++) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      try {
        const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'escape-studio') return (cached = { root: dir, version: pkg.version ?? 'unknown' });
      } catch {
        /* not ours: keep walking */
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error(`cannot find the escape-studio package root above ${fileURLToPath(import.meta.url)}`);
}

export function packageRoot(): string {
  return find().root;
}

export function packageVersion(): string {
  return find().version;
}

// Bundles the command line and its compute worker with esbuild into out/cli/ (fast, offline):
//   out/cli/escape-studio.mjs   the CLI (bin/escape-studio.mjs runs it)
//   out/cli/compute.worker.mjs  the worker threads it starts (serve, batches)
//   out/cli/gpu.worker.mjs      the GPU worker process it forks for device gpu / auto (Dawn)
//   out/cli/inputs.json         the source files it was built from, so bin/ can tell a stale build
// npm packages stay external (native addons, wasm files and their own loaders resolve as installed).
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'out/cli');
mkdirSync(outdir, { recursive: true });
const started = performance.now();
const result = await build({
  absWorkingDir: root,
  entryPoints: { 'escape-studio': 'main/cli/run.ts', 'compute.worker': 'native-workers/compute.worker.ts', 'gpu.worker': 'native-workers/gpu/gpu.worker.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  define: { __ESCAPE_STUDIO_BUNDLED__: 'true' },
  metafile: true,
  logLevel: 'warning',
});
const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('node_modules/'));
writeFileSync(join(outdir, 'inputs.json'), JSON.stringify({ builtAt: Date.now(), inputs }, null, 1) + '\n');
console.log(`out/cli: ${inputs.length} sources bundled in ${Math.round(performance.now() - started)} ms`);

#!/usr/bin/env node
// Runs the bundled CLI (out/cli/escape-studio.mjs, made by `npm run build`, which `npm ci` runs as
// `prepare`). From a checkout whose sources changed after that build — or that was never built —
// it runs the TypeScript sources through tsx instead, so the command never runs stale code.
import { readFileSync, statSync } from 'node:fs';

const bundle = new URL('../out/cli/escape-studio.mjs', import.meta.url);

function bundleIsFresh() {
  try {
    const built = statSync(bundle).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(new URL('../out/cli/inputs.json', import.meta.url), 'utf8'));
    return inputs.every((p) => statSync(new URL(`../${p}`, import.meta.url)).mtimeMs <= built);
  } catch {
    return false;
  }
}

if (process.env.ESCAPE_STUDIO_FROM_SOURCE !== '1' && bundleIsFresh()) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../main/cli/index.ts');
  process.exitCode = await main(process.argv.slice(2));
}

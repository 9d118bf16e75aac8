/**
 * native-workers/relaxedSimdFlag.ts, the way the hosts use it, in a fresh Node process (this test
 * process already has the flag from vitest's setup): relaxed SIMD is off before the import on
 * Node 20, on after it in the main thread and in a worker_thread started afterwards (V8 flags are
 * per process), and ESCAPE_STUDIO_RELAXED_SIMD=0 leaves the runtime as it was.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// (module (func (param v128 v128 v128) (result v128) local.get 0 local.get 1 local.get 2 f64x2.relaxed_madd)),
// written out here so the worker needs no import.
const PROBE = '[0,97,115,109,1,0,0,0,1,8,1,96,3,123,123,123,1,123,3,2,1,0,10,13,1,11,0,32,0,32,1,32,2,253,135,2,11]';
const flagModule = pathToFileURL(resolve('native-workers/relaxedSimdFlag.ts')).href;
const dir = mkdtempSync(join(tmpdir(), 'relaxed-simd-'));
const script = join(dir, 'probe.mjs');
writeFileSync(
  script,
  `import { Worker } from 'node:worker_threads';
const probe = () => WebAssembly.validate(new Uint8Array(${PROBE}));
const before = probe();
const { enableRelaxedSimd } = await import(${JSON.stringify(flagModule)});
const after = probe();
const returned = enableRelaxedSimd();
const worker = await new Promise((res, rej) => {
  const w = new Worker('const { parentPort } = require("node:worker_threads"); parentPort.postMessage(WebAssembly.validate(new Uint8Array(${PROBE})));', { eval: true });
  w.once('message', res);
  w.once('error', rej);
});
process.stdout.write(JSON.stringify({ before, after, returned, worker }));
`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(env: Record<string, string>): { before: boolean; after: boolean; returned: boolean; worker: boolean } {
  const childEnv = { ...process.env, ...env };
  delete childEnv.NODE_OPTIONS; // vitest's own loader hooks stay out of the child
  const out = execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', env: childEnv, timeout: 60_000 });
  return JSON.parse(out) as { before: boolean; after: boolean; returned: boolean; worker: boolean };
}

const node20 = process.versions.node.startsWith('20.');

describe('relaxedSimdFlag', () => {
  it('turns relaxed SIMD on for the main thread and for worker_threads started after it', () => {
    const r = run({});
    if (node20) expect(r.before).toBe(false); // Node 20 ships it behind the flag; later Nodes have it on
    expect(r.after).toBe(true);
    expect(r.returned).toBe(true);
    expect(r.worker).toBe(true);
  });

  it('ESCAPE_STUDIO_RELAXED_SIMD=0 leaves the runtime as it was', () => {
    const r = run({ ESCAPE_STUDIO_RELAXED_SIMD: '0' });
    expect(r.after).toBe(r.before);
    expect(r.worker).toBe(r.before);
    expect(r.returned).toBe(r.before);
  });
});

/**
 * CLI start-up (issue 8): wall time of `escape-studio --help` and of a small `train` as child
 * processes, through the bundled CLI (out/cli, what `npm ci` / `npm run build` leaves) and, for
 * comparison in the same run, from TypeScript sources through tsx (ESCAPE_STUDIO_FROM_SOURCE=1).
 * The train case reports its compute time (the CLI's own `time` line) so start-up = total − compute.
 * Targets: --help ≤ 300 ms; train ≤ compute + 500 ms. The bundled cases rebuild out/cli first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchCase } from '../harness';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(root, 'bin/escape-studio.mjs');
const TRAIN = ['train', '--teacher', 'fig6', '--width', '3', '--seed', '4', '--method', 'flow', '--json'];

/** Rebuilds out/cli (about 0.1 s) so the bundled cases never fall back to tsx on a stale build. */
function buildCli(): void {
  execFileSync(process.execPath, [join(root, 'scripts/buildCli.mjs')], { stdio: 'ignore' });
  if (!existsSync(join(root, 'out/cli/escape-studio.mjs'))) throw new Error('scripts/buildCli.mjs did not produce out/cli/escape-studio.mjs');
}

function cli(args: readonly string[], fromSource: boolean): string {
  const env = { ...process.env, ESCAPE_STUDIO_FROM_SOURCE: fromSource ? '1' : '0' };
  return execFileSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
}

function helpCase(fromSource: boolean): BenchCase {
  return {
    name: `cli.startup.help.${fromSource ? 'tsx' : 'bundled'}`,
    ...(fromSource ? {} : { targetMs: 300 }),
    setup: fromSource ? undefined : buildCli,
    warmup: 1,
    repetitions: 7,
    maxSeconds: 20,
    run: () => cli(['--help'], fromSource),
  };
}

function trainCase(fromSource: boolean): BenchCase {
  return {
    name: `cli.startup.train.${fromSource ? 'tsx' : 'bundled'}`,
    setup: fromSource ? undefined : buildCli,
    warmup: 1,
    repetitions: 5,
    maxSeconds: 30,
    run: () => {
      const t0 = performance.now();
      const out = cli(TRAIN, fromSource);
      const totalMs = performance.now() - t0;
      const computeMs = 1000 * (JSON.parse(out) as { seconds: number }).seconds;
      // Last repetition's split; the target is start-up (total − compute) ≤ 500 ms.
      return { benchExtra: { totalMs: Math.round(totalMs), computeMs: Math.round(computeMs), startupMs: Math.round(totalMs - computeMs), startupTargetMs: 500 } };
    },
  };
}

export default [helpCase(false), helpCase(true), trainCase(false), trainCase(true)];

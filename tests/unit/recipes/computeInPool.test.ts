/**
 * Computed recipe runs (fig5-hierarchy's exploration, the split-at-init conditions) run on the
 * worker pool as `recipeRun` tasks, not on the service thread: the same records as the in-thread
 * computation (the code path before the move), and a cancel stops an exploration in flight.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inThreadExecutor, poolExecutor } from '../../../main/recipes/executor';
import { readRuns } from '../../../main/recipes/folder';
import { runRecipe } from '../../../main/recipes/runner';
import type { RecipeParams } from '../../../main/recipes/types';
import { computeWorkerEntry } from '../../../native-workers/pool/entry';
import { WorkerPool } from '../../../native-workers/pool/pool';
import { recipeRunTask } from '../../../native-workers/tasks/recipeRun';

const dir = mkdtempSync(join(tmpdir(), 'es-recipe-pool-'));
const pool = new WorkerPool({ entry: computeWorkerEntry(), size: 2, reservedWorkers: 0 });
/** Every task kind submitted to the pool, and those that started on a worker. */
const submitted: string[] = [];
const started: string[] = [];
const submit = pool.submit.bind(pool);
pool.submit = (kind, payload, options = {}) => {
  submitted.push(kind);
  return submit(kind, payload, {
    ...options,
    onStart: () => {
      started.push(kind);
      options.onStart?.();
    },
  });
};
afterAll(() => pool.close());

const noSeconds = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(noSeconds) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'seconds' ? 0 : noSeconds(x)])) : v;

async function both(name: string, params: Partial<RecipeParams>, tag: string = name) {
  const before = await runRecipe({ name, params, out: join(dir, `${tag}-thread`), executor: inThreadExecutor(), png: false });
  submitted.length = 0;
  const after = await runRecipe({ name, params, out: join(dir, `${tag}-pool`), executor: poolExecutor(2, pool), png: false });
  return { before, after, kinds: [...submitted] };
}

describe('computed recipe runs on the worker pool', () => {
  it('fig6-split-at-init: both conditions computed by workers, records and outputs identical to in-thread', async () => {
    const { before, after, kinds } = await both('fig6-split-at-init', { samples: 200, snapshots: 20 });
    expect(kinds).toEqual(['recipeRun', 'recipeRun']);
    expect(after.manifest.runs.map((r) => r.id)).toEqual(['small-m3-s4', 'split-m4-s4']);
    expect(noSeconds(after.manifest.runs)).toEqual(noSeconds(before.manifest.runs));
    for (const [k, r] of before.manifest.runs.entries()) expect(Object.is(after.manifest.runs[k].loss, r.loss)).toBe(true);
    expect(noSeconds(after.manifest.summary)).toEqual(noSeconds(before.manifest.summary));
    for (const f of ['data.npz', 'figure.svg', 'table.txt'])
      expect(readFileSync(join(dir, 'fig6-split-at-init-pool', f)).equals(readFileSync(join(dir, 'fig6-split-at-init-thread', f))), f).toBe(true);
  }, 120_000);

  it('fig5-hierarchy: the exploration reports progress inside its one run, in-thread and on a worker', async () => {
    const params = { widths: [2, 3], seeds: 2, samples: 100, maxSteps: 2000, maxNodes: 50 };
    for (const [tag, executor] of [['thread', inThreadExecutor()], ['pool', poolExecutor(2, pool)]] as const) {
      const seen: { id: string; fraction: number }[] = [];
      const result = await runRecipe({ name: 'fig5-hierarchy', params, out: join(dir, `fig5-progress-${tag}`), executor, png: false, onRunProgress: (id, fraction) => seen.push({ id, fraction }) });
      const id = result.manifest.runs[0].id;
      // several updates of that run, between 0 and 1; in-thread the last one is the exploration's final
      // report (1); the pool throttles progress, so a worker's last one may be dropped
      expect(seen.length, tag).toBeGreaterThan(1);
      expect(new Set(seen.map((s) => s.id)), tag).toEqual(new Set([id]));
      for (const s of seen) expect(s.fraction >= 0 && s.fraction <= 1, tag).toBe(true);
      expect(seen.some((s) => s.fraction > 0 && s.fraction < 1), tag).toBe(true);
      if (tag === 'thread') expect(seen[seen.length - 1].fraction, tag).toBe(1);
    }
  }, 120_000);

  it('fig5-hierarchy: the exploration runs on a worker, same graph as in-thread', async () => {
    const { before, after, kinds } = await both('fig5-hierarchy', { widths: [2, 3], seeds: 1, samples: 100, maxSteps: 2000, maxNodes: 50 });
    expect(kinds).toEqual(['recipeRun']);
    const [a, b] = [before.manifest.runs[0], after.manifest.runs[0]];
    expect(b.extra!.node_loss.length).toBeGreaterThan(0);
    expect(noSeconds(b)).toEqual(noSeconds(a));
    expect(after.manifest.summary).toEqual(before.manifest.summary);
    expect(readFileSync(join(dir, 'fig5-hierarchy-pool', 'figure.svg'), 'utf8')).toBe(readFileSync(join(dir, 'fig5-hierarchy-thread', 'figure.svg'), 'utf8'));
  }, 120_000);

  it('a cancel stops an exploration in flight on its worker; the pool works on afterwards', async () => {
    started.length = 0;
    let stop = false;
    const out = join(dir, 'fig5-cancel');
    // the paper-scale exploration (minutes): it can only end here by the cancel
    const running = runRecipe({ name: 'fig5-hierarchy', params: {}, out, executor: poolExecutor(2, pool), shouldStop: () => stop, png: false });
    while (!started.includes('recipeRun')) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    const result = await running;
    expect(result.cancelled).toBe(true);
    expect(await readRuns(out)).toEqual([]);
    // the pool (its cancelled worker answered or was replaced) computes the next recipe
    const { after } = await both('fig6-split-at-init', { samples: 200, snapshots: 20, width: 2, neuron: 2 }, 'fig6-width2');
    expect(after.manifest.complete).toBe(true);
  }, 120_000);

  it('the task refuses a run the recipe does not plan, in the user\'s words', async () => {
    const context = { shouldStop: () => false, progress: () => undefined };
    await expect(recipeRunTask({ recipe: 'fig6-split-at-init', params: { samples: 200 }, runId: 'split-m9-s4' }, context)).rejects.toThrow(
      /runId: split-m9-s4 is not a computed run that fig6-split-at-init plans/,
    );
    await expect(recipeRunTask({ recipe: 'fig9', params: {}, runId: 'x' }, context)).rejects.toThrow(/unknown recipe 'fig9'/);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lossAndGradient, predict, teacherDataset, unitIndices } from '../../../native-workers/engine';
import { recipeByName } from '../../../main/recipes/registry';
import { runRecipe } from '../../../main/recipes/runner';
import { splitAtInit } from '../../../main/recipes/splitAtInit';
import { runCli } from './runCli';

const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'recipe.json'), 'utf8'));

describe('split-at-init recipes (Figs. 6, E7, E8)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'es-split-'));

  it('the split network is the same function as the unsplit init: max|Δf| ≤ 1e-15 (fig6, E7, E8 defaults)', () => {
    const data = teacherDataset('fig6');
    for (const name of ['fig6-split-at-init', 'figE7-split-at-init', 'figE8-split-at-init']) {
      const recipe = recipeByName(name);
      // the functional-equivalence claim is about the exact split (no separating perturbation)
      const params = recipe.resolve({ perturb: 0 });
      const { small, split } = splitAtInit(params);
      const a = predict(small.architecture, small.theta, data.X, data.count);
      const b = predict(split.network.architecture, split.network.theta, data.X, data.count);
      let gap = 0;
      for (let i = 0; i < a.length; i++) gap = Math.max(gap, Math.abs(a[i] - b[i]));
      expect(gap, name).toBeLessThanOrEqual(1e-15);
      // structure: both copies carry the original unit's incoming weights; outgoing γa and (1−γ)a
      const j = (params.neuron as number) - 1;
      const [c1, c2] = split.copies;
      const orig = unitIndices(small.architecture, 0, j);
      const u1 = unitIndices(split.network.architecture, 0, c1);
      const u2 = unitIndices(split.network.architecture, 0, c2);
      for (let i = 0; i < 2; i++) {
        expect(split.network.theta[u1.incoming[i]]).toBe(small.theta[orig.incoming[i]]);
        expect(split.network.theta[u2.incoming[i]]).toBe(small.theta[orig.incoming[i]]);
      }
      const aOut = small.theta[orig.outgoing[0]];
      const gamma = 0.5 + (params.epsilon as number);
      expect(split.network.theta[u1.outgoing[0]]).toBe(gamma * aOut);
      expect(split.network.theta[u2.outgoing[0]]).toBe((1 - gamma) * aOut);
    }
  });

  it('fig6-split-at-init: width 3 stops at a local minimum ~1e-4, the split width 4 escapes below it; copies move together first', async () => {
    const r = await runCli(['reproduce', 'fig6-split-at-init', '--out', 'f6', '--no-png', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const m = manifest(join(dir, 'f6'));
    expect(m.complete).toBe(true);
    const [small, split] = m.runs;
    expect([small.condition, small.width, split.condition, split.width]).toEqual(['small', 3, 'split', 4]);
    // paper: the small network "converges to a local minimum with MSE of ~1e-4"
    expect(small.classification).toBe('local-min');
    expect(small.loss).toBeGreaterThan(1e-5);
    expect(small.loss).toBeLessThan(1e-3);
    // independent check that it is critical: ∇L at the stored θ from the engine's gradient
    const data = teacherDataset('fig6');
    const g = new Float64Array(small.finalTheta.length);
    const smallArch = splitAtInit(recipeByName('fig6-split-at-init').resolve({})).small.architecture;
    const L = lossAndGradient(smallArch, Float64Array.from(small.finalTheta), data, g);
    expect(L).toBeCloseTo(small.loss, 15);
    expect(Math.hypot(...g)).toBeLessThan(1e-8);
    // the split network escapes the inherited saddle to a much lower loss
    expect(split.loss).toBeLessThan(small.loss * 1e-3);
    const row = m.summary.conditions.find((c: { condition: string }) => c.condition === 'split');
    expect(row.belowSmallMinimumAt).toBeGreaterThan(0);
    expect(m.summary.maxFunctionDifferenceAtInit).toBeLessThanOrEqual(1e-15);
    // the two copies (neuron 3 and the appended neuron 4) coincide until the flow nears the saddle
    const x3 = split.extra.w2_x as number[];
    const x4 = split.extra.w3_x as number[];
    const times = split.extra.time as number[];
    const early = times.findIndex((t) => t >= 1);
    expect(Math.abs(x3[early] - x4[early])).toBeLessThan(1e-9);
    expect(Math.abs(x3[x3.length - 1] - x4[x4.length - 1])).toBeGreaterThan(0.1);
    // data.npz holds every run's curves (numpy reads it)
    const py = execFileSync('/usr/bin/python3', ['-c', `import numpy as np; d=np.load('${join(dir, 'f6', 'data.npz')}'); print(len(d['split_time']), len(d['split_w3_y']), d['small_loss'][-1])`]).toString().trim().split(' ');
    expect(Number(py[0])).toBe(times.length);
    expect(Number(py[1])).toBe(times.length);
    expect(Number(py[2])).toBe(small.extra.loss[small.extra.loss.length - 1]);
  }, 120_000);

  it('a cancelled split recipe resumes without rerunning the saved run', async () => {
    const out = join(dir, 'cut');
    const params = { samples: 300, tolerance: 1e-5 };
    let finished = 0;
    const first = await runRecipe({ name: 'fig6-split-at-init', params, out, png: false, shouldStop: () => finished >= 1, onProgress: (_d, _t, last) => void (last && finished++) });
    expect(first.cancelled).toBe(true);
    expect(first.manifest.runs.length).toBe(1);
    const saved = first.manifest.runs[0];
    const done = await runRecipe({ name: 'fig6-split-at-init', params, out, png: false, resume: true });
    expect(done.cancelled).toBe(false);
    expect(done.manifest.runs[0]).toEqual(saved);
    expect(done.manifest.runs.map((r) => r.condition)).toEqual(['small', 'split']);
  }, 120_000);

  it('rejects bad split parameters in the user\'s words', async () => {
    expect((await runCli(['reproduce', 'fig6-split-at-init', '--neuron', '4'], dir)).stderr).toMatch(/--neuron must be an integer in 1\.\.3, got 4/);
    expect((await runCli(['reproduce', 'fig6-split-at-init', '--epsilon', '0.7'], dir)).stderr).toMatch(/--epsilon must be a number in \[-0\.49, 0\.49\]/);
    expect((await runCli(['reproduce', 'fig6-split-at-init', '--seeds', '3'], dir)).stderr).toMatch(/fig6-split-at-init has no --seeds/);
  });
});

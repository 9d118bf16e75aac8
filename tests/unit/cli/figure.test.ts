/**
 * `escape-studio figure`: SVG and PNG of every panel from a workspace (read only) and from a
 * checkpoint. The spectrum figure's eigenvalues are those `analyze --json` prints for the same
 * point; the PNG has the requested pixel size and DPI; bad flags are refused before any work.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngSize } from '../../../renderer/src/figures/pngDpi';
import { Workspace } from '../../../main/workspace/workspace';
import { syntheticRun, tempDir } from '../helpers/service';
import { runCli } from './runCli';

const dir = tempDir('figure-cli');
const ws = join(dir.path, 'ws');

beforeAll(async () => {
  const workspace = await Workspace.open(ws);
  const run = syntheticRun('run_fig', null, 1);
  await workspace.addRun(run.summary, run.architecture, run.arrays);
  await workspace.close();
});
afterAll(() => dir.remove());

/** The synthetic run's final θ (2 → 2 relu → 1) as an `escape-studio/mlp@1` checkpoint file. */
function writeCheckpoint(name: string): string {
  const theta = Array.from(syntheticRun('run_fig', null, 1).arrays.finalTheta);
  const path = join(dir.path, name);
  const layers = [
    { weight: [theta.slice(0, 2), theta.slice(2, 4)], bias: theta.slice(4, 6), activation: 'relu' },
    { weight: [theta.slice(6, 8)], bias: theta.slice(8, 9), activation: 'identity' },
  ];
  writeFileSync(path, JSON.stringify({ format: 'escape-studio/mlp@1', layers }));
  return path;
}

/** Every attribute value of `name` in the SVG, in document order. */
function attributes(svg: string, name: string): string[] {
  return [...svg.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((m) => m[1]);
}

describe('escape-studio figure', () => {
  it('spectrum of a stored run: the eigenvalues analyze reports, with axis titles', async () => {
    // The same point as a checkpoint, to compare with `analyze --json` (an independent path).
    const checkpoint = writeCheckpoint('c.json');
    const analyzed = await runCli(['analyze', '--checkpoint', checkpoint, '--teacher', 'fig3c', '--samples', '16', '--data-seed', '0', '--json']);
    expect(analyzed.code).toBe(0);
    const expected = (JSON.parse(analyzed.stdout) as { eigenvalues: number[] }).eigenvalues;

    const out = join(dir.path, 'spectrum.svg');
    const r = await runCli(['figure', 'spectrum', '--run', 'run_fig', '--workspace', ws, '--out', out]);
    expect(r.stderr).toContain('wrote');
    expect(r.code).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toContain('Hessian eigenvalue λₖ');
    expect(svg).toContain('eigenvalue index k (ascending, 9 in all)');
    const shown = attributes(svg, 'data-value').map(Number);
    expect(shown).toHaveLength(expected.length);
    shown.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
  });

  it('PNG of a checkpoint spectrum at the requested size × scale, with its DPI', async () => {
    const checkpoint = writeCheckpoint('c2.json');
    const out = join(dir.path, 'spectrum.png');
    const r = await runCli(['figure', 'spectrum', '--checkpoint', checkpoint, '--teacher', 'fig3c', '--samples', '16', '--out', out, '--width', '500', '--height', '300', '--scale', '3']);
    expect(r.code).toBe(0);
    const png = new Uint8Array(readFileSync(out));
    expect(pngSize(png)).toEqual({ width: 1500, height: 900 });
    const dpi = Number(execFileSync('identify', ['-units', 'PixelsPerInch', '-format', '%x', out], { encoding: 'utf8' }).trim());
    expect(dpi).toBeCloseTo(288, 0);
  });

  it.each([
    ['curves', ['--run', 'run_fig'], ['loss L = (1/N) Σ‖f(x) − y‖²', 'data-testid="loss-curve"', '10⁻²⁷']],
    ['weights', ['--run', 'run_fig'], ['w₁ (weight from input x₁)', 'data-testid="teacher-cross"', 'teacher neuron']],
    ['hierarchy', ['--teacher', 'fig3c'], ['student width m (hidden neurons)', 'm = 2', 'global minimum']],
  ])('%s figure from the workspace', async (kind, args, texts) => {
    const out = join(dir.path, `${kind}.svg`);
    const r = await runCli(['figure', kind, ...args, '--workspace', ws, '--out', out]);
    expect(r.stderr).toContain('wrote');
    const svg = readFileSync(out, 'utf8');
    for (const t of texts) expect(svg).toContain(t);
  });

  it.each([
    [['figure', 'pie', '--out', 'x.svg'], /unknown figure 'pie'/],
    [['figure', 'spectrum', '--run', 'run_fig', '--out', 'fig.pdf'], /--out must end in .svg or .png/],
    [['figure', 'spectrum', '--run', 'run_fig', '--out', '/no/such/dir/f.svg'], /the folder \/no\/such\/dir does not exist/],
    [['figure', 'curves', '--checkpoint', 'c.json', '--out', 'f.svg'], /--checkpoint does not apply to the curves figure/],
    [['figure', 'spectrum', '--run', 'run_fig', '--out', 'f.png', '--width', '4000', '--scale', '3'], /at most 8192 pixels/],
    [['figure', 'spectrum', '--run', 'run_fig', '--out', 'f.svg', '--scale', '2'], /--scale applies to PNG output only/],
  ])('refuses %j up front', async (args, message) => {
    const r = await runCli(args, dir.path);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(dir.path, 'f.svg'))).toBe(false);
  });

  it('names a missing run and workspace', async () => {
    const r = await runCli(['figure', 'curves', '--run', 'nope', '--workspace', ws, '--out', join(dir.path, 'n.svg')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no run 'nope' in the workspace");
    const w = await runCli(['figure', 'curves', '--run', 'nope', '--workspace', join(dir.path, 'missing'), '--out', join(dir.path, 'n.svg')]);
    expect(w.stderr).toMatch(/--workspace: .*missing is not a folder/);
  });
});

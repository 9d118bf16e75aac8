/** The CLI refuses what the studio refuses — up front, in flag words — and never loses a finished result. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatBytes, machineLimits, trainBytes, twoLayerShape } from '../../../main/services/budgets';
import { tempDir } from '../helpers/service';
import { runCli } from './runCli';

const dir = tempDir('clicaps');
afterAll(() => dir.remove());

describe('CLI caps', () => {
  it('refuses --width 1e6 before drawing a sample or training, naming the width that fits', async () => {
    const run = await runCli(['train', '--teacher', 'fig6', '--width', '1e6', '--seed', '0', '--json']);
    expect(run.code).not.toBe(0);
    const limits = machineLimits(totalmem());
    expect(run.stderr).toContain(`--width: 1,000,000 needs about ${formatBytes(trainBytes(twoLayerShape(2, 1_000_000, 1), 1600))}`);
    expect(run.stderr).toContain(`one job may use ${formatBytes(limits.jobBytes)} on this machine`);
    expect(run.stderr).toMatch(/at most [\d,]+ fits with 1,600 samples/);
    expect(run.stdout).toBe('');
  });

  it('refuses --samples 1e9 before drawing them', async () => {
    const run = await runCli(['train', '--teacher', 'fig6', '--samples', '1e9', '--width', '3', '--seed', '0', '--method', 'gd', '--no-polish']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--samples: 1,000,000,000 needs about [\d.]+ [GT]B for 13 parameters and 1,000,000,000 samples; .* at most [\d,]+ samples fit at width 3/);
  });

  it('refuses negative or zero budgets with the flag name', async () => {
    const time = await runCli(['train', '--teacher', 'fig6', '--width', '3', '--seed', '0', '--max-time', '-5']);
    expect(time.code).not.toBe(0);
    expect(time.stderr).toContain('--max-time must be a positive finite number, got -5');
    const lr = await runCli(['train', '--teacher', 'fig6', '--width', '3', '--seed', '0', '--method', 'gd', '--lr', '0']);
    expect(lr.stderr).toContain('--lr must be a positive finite number, got 0');
    const steps = await runCli(['train', '--teacher', 'fig6', '--width', '3', '--seed', '0', '--max-steps', '-1']);
    expect(steps.stderr).toMatch(/--max-steps must be .*got -1/);
    const samples = await runCli(['train', '--teacher', 'fig6', '--width', '3', '--seed', '0', '--samples', '0']);
    expect(samples.stderr).toContain('--samples must be a positive integer, got 0');
  });

  it('checks --out and --trajectory before training', async () => {
    const missing = join(dir.path, 'no-such-folder', 'net.json');
    const run = await runCli(['train', '--teacher', 'fig6', '--width', '3', '--seed', '0', '--out', missing]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`--out ${missing}: folder ${join(dir.path, 'no-such-folder')} does not exist`);
    expect(run.stderr).not.toContain('loss='); // no training progress was printed
    mkdirSync(join(dir.path, 'taken.json'));
    const folder = await runCli(['train', '--teacher', 'fig6', '--width', '3', '--seed', '0', '--trajectory', join(dir.path, 'taken.json')]);
    expect(folder.stderr).toContain('is a folder, expected a file name');
    expect(existsSync(missing)).toBe(false);
  });

  it('analyze: a weight of 1e308 is an error naming the field, not "loss": null with exit 0', async () => {
    const file = join(dir.path, 'huge.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'escape-studio/mlp@1',
        layers: [
          { weight: [[1, 2], [3, 1e308]], bias: [0, 0], activation: 'softplus' },
          { weight: [[1, 1]], bias: null, activation: 'identity' },
        ],
      }),
    );
    const run = await runCli(['analyze', '--checkpoint', file, '--teacher', 'fig6', '--json']);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${file}: layers[0].weight[1][1]: 1e+308 is too large`);
  });
});

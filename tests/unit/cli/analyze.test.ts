import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOracleCase, ORACLE_DIR, oracleCaseNames, type OracleExpected } from '../helpers/oracle';
import { runCli } from './runCli';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

function expectMatchesOracle(out: Record<string, unknown>, expected: OracleExpected): void {
  expect(Math.abs((out.loss as number) - expected.loss)).toBeLessThanOrEqual(1e-12 * expected.loss);
  expect(Math.abs((out.gradNorm as number) - expected.gradNorm)).toBeLessThanOrEqual(1e-12 * expected.gradNorm);
  expect(out.parameterCount).toBe(expected.parameterCount);
  const eigenvalues = out.eigenvalues as number[];
  expect(eigenvalues).toHaveLength(expected.eigenvalues.length);
  const scale = Math.max(...expected.eigenvalues.map(Math.abs));
  expected.eigenvalues.forEach((lambda, i) => expect(Math.abs(eigenvalues[i] - lambda)).toBeLessThanOrEqual(1e-9 * scale));
  expect(out.index).toBe(expected.eigenvalues.filter((l) => l < -1e-9 * scale).length);
  expect(typeof out.classification).toBe('string');
}

describe('escape-studio analyze', () => {
  it.each(oracleCaseNames())('matches the PyTorch oracle for %s', async (name) => {
    const { expected } = loadOracleCase(name);
    const run = await runCli([
      'analyze',
      '--checkpoint',
      join(ORACLE_DIR, `${name}.checkpoint.json`),
      '--data',
      join(ORACLE_DIR, `${name}.data.json`),
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expectMatchesOracle(JSON.parse(run.stdout) as Record<string, unknown>, expected);
  });

  it('runs through the installed bin and prints a readable summary without --json', () => {
    const out = execFileSync(
      process.execPath,
      [join(repoRoot, 'bin', 'escape-studio.mjs'), 'analyze', '--checkpoint', join(ORACLE_DIR, 'case01.checkpoint.json'), '--data', join(ORACLE_DIR, 'case01.data.json')],
      { encoding: 'utf8' },
    );
    const { expected } = loadOracleCase('case01');
    expect(out).toMatch(/classification\s+\S+/);
    const loss = Number(/loss\s+(\S+)/.exec(out)![1]);
    expect(Math.abs(loss - expected.loss) / expected.loss).toBeLessThan(1e-6);
  });

  it('evaluates a teacher preset dataset when --teacher replaces --data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'es-analyze-'));
    // The fig3c teacher itself as a student: a global minimum, loss exactly 0.
    const teacher = {
      format: 'escape-studio/mlp@1',
      layers: [
        { weight: [[0.6, -0.5], [-0.2, 0.1], [0.5, 0.5], [-0.6, -0.6]], bias: null, activation: 'relu' },
        { weight: [[1, 1, 1, 1]], bias: null, activation: 'identity' },
      ],
    };
    writeFileSync(join(dir, 't.json'), JSON.stringify(teacher));
    const run = await runCli(['analyze', '--checkpoint', 't.json', '--teacher', 'fig3c', '--samples', '1600', '--seed', '0', '--json'], dir);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { loss: number; gradNorm: number; classification: string };
    expect(out.loss).toBeLessThan(1e-28);
    expect(out.gradNorm).toBeLessThan(1e-13);
    expect(out.classification).toBe('global-min');
  });

  it('rejects unknown flags, missing files and malformed checkpoints with exit code ≠ 0 and a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'es-analyze-'));
    const unknown = await runCli(['analyze', '--checkpoint', 'x.json', '--bogus', '1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown flag --bogus');

    const missing = await runCli(['analyze', '--checkpoint', 'nope.json', '--teacher', 'fig3c'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.json');

    writeFileSync(join(dir, 'bad.json'), '{"format":"escape-studio/mlp@1","layers":[{"weight":[[1,2],[3]],"bias":null,"activation":"relu"}]}');
    const ragged = await runCli(['analyze', '--checkpoint', 'bad.json', '--teacher', 'fig3c'], dir);
    expect(ragged.code).toBe(1);
    expect(ragged.stderr).toMatch(/bad\.json: .*layers\[0\]\.weight\[1\]/);

    writeFileSync(join(dir, 'broken.json'), '{"format": ');
    const broken = await runCli(['analyze', '--checkpoint', 'broken.json', '--teacher', 'fig3c'], dir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken\.json: .*is not valid JSON/);

    const teacher = await runCli(['analyze', '--checkpoint', join(ORACLE_DIR, 'case01.checkpoint.json'), '--teacher', 'fig9']);
    expect(teacher.code).toBe(2);
    expect(teacher.stderr).toContain("unknown teacher 'fig9'");

    const command = spawnSync(process.execPath, [join(repoRoot, 'bin', 'escape-studio.mjs'), 'frobnicate'], { encoding: 'utf8' });
    expect(command.status).toBe(2);
    expect(command.stderr).toContain("unknown command 'frobnicate'");
  });
});

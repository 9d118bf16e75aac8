/** Shared fixtures for the service tests: temporary folders and synthetic run records. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunSummary } from '../../../contract/runs';
import type { RunArrays } from '../../../main/workspace/records';

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `escape-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A width-2 student on fig3c (d = 2 → 2 → 1: P = 9) with deterministic arrays. */
export function syntheticRun(runId: string, batchId: string | null, seed: number): { summary: RunSummary; arrays: RunArrays; architecture: { layers: { inputs: number; outputs: number; bias: boolean; activation: 'relu' | 'identity' }[] } } {
  const P = 9;
  const ramp = (n: number, scale: number): Float64Array => Float64Array.from({ length: n }, (_, i) => scale * (i + 1) + seed);
  const trajectory = 3;
  return {
    summary: {
      runId,
      batchId,
      name: null,
      createdAt: 1_700_000_000_000 + seed,
      spec: {
        teacher: 'fig3c',
        samples: 16,
        dataSeed: 0,
        width: 2,
        activation: null,
        init: 'glorot_normal',
        method: 'minimize',
        seed,
        budgets: {},
      settings: {},
        recordTrajectory: true,
      },
      origin: { kind: 'train' },
      parameterCount: P,
      result: {
        finalLoss: 1e-27 * (seed + 1),
        gradNorm: 1e-14,
        steps: 40 + seed,
        odeTime: null,
        stoppedBy: 'loss-target',
        seconds: 0.01,
        success: true,
        classification: 'global-min',
        index: 0,
      },
    },
    architecture: {
      layers: [
        { inputs: 2, outputs: 2, bias: true, activation: 'relu' },
        { inputs: 2, outputs: 1, bias: true, activation: 'identity' },
      ],
    },
    arrays: {
      initialTheta: ramp(P, 0.5),
      finalTheta: ramp(P, -0.25),
      curveTime: ramp(5, 1),
      curveLoss: Float64Array.from([1, 0.1, 1e-5, 1e-12, 1e-27]),
      trajectoryTime: ramp(trajectory, 2),
      trajectoryLoss: Float64Array.from([1, 1e-5, 1e-27]),
      trajectoryTheta: ramp(trajectory * P, 0.125),
    },
  };
}

/** `runs.export`: a run as `run.npz` (NumPy) + `run.json` (spec, results, θ layout). */
import { join } from 'node:path';
import { writeFileAtomic } from './atomic';
import { resolveExportDirectory } from './exportTarget';
import { encodeNpz, type NpyArray } from './npz';
import { elementCount, RUN_ARRAYS, type RunArrayName } from './records';
import type { Workspace } from './workspace';

/** npz entry name of each stored array (snake_case, as NumPy users expect). */
export const NPZ_NAMES: Record<RunArrayName, string> = {
  initialTheta: 'initial_theta',
  finalTheta: 'final_theta',
  curveTime: 'curve_time',
  curveLoss: 'curve_loss',
  trajectoryTime: 'trajectory_time',
  trajectoryLoss: 'trajectory_loss',
  trajectoryTheta: 'trajectory_theta',
};

export interface ExportedRun {
  readonly npzPath: string;
  readonly jsonPath: string;
  readonly arrays: string[];
}

/** `chosenFolders`: folders the user picked in a host dialog, where an export may also go (exportTarget.ts). */
export async function exportRun(workspace: Workspace, runId: string, directory?: string, chosenFolders: readonly string[] = []): Promise<ExportedRun> {
  const { record, arrays } = await workspace.loadRun(runId);
  const dir = await resolveExportDirectory(workspace.root, runId, directory, chosenFolders);
  const npy: NpyArray[] = RUN_ARRAYS.map((name) => ({
    name: NPZ_NAMES[name],
    data: arrays[name],
    shape: record.arrays[name].shape,
  }));
  const layout = [];
  let at = 0;
  for (const [i, layer] of record.architecture.layers.entries()) {
    const weight = { offset: at, shape: [layer.outputs, layer.inputs] };
    at += layer.outputs * layer.inputs;
    const bias = layer.bias ? { offset: at, shape: [layer.outputs] } : null;
    if (layer.bias) at += layer.outputs;
    layout.push({ layer: i, activation: layer.activation, weight, bias });
  }
  const json = {
    format: 'escape-studio/run-export@1',
    lossConvention: 'L(θ) = (1/N) Σₙ ‖f(xₙ) − yₙ‖² (plain MSE)',
    thetaLayout: 'per layer: weight row-major (outputs × inputs), then bias',
    run: record.summary,
    architecture: record.architecture,
    layout,
    npz: Object.fromEntries(RUN_ARRAYS.map((name) => [NPZ_NAMES[name], { shape: record.arrays[name].shape, count: elementCount(record.arrays[name].shape) }])),
  };
  const npzPath = join(dir, 'run.npz');
  const jsonPath = join(dir, 'run.json');
  await writeFileAtomic(npzPath, encodeNpz(npy, new Date(record.summary.createdAt)));
  await writeFileAtomic(jsonPath, JSON.stringify(json, null, 2) + '\n');
  return { npzPath, jsonPath, arrays: npy.map((a) => a.name) };
}

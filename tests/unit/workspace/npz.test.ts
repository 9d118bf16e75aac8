import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { exportRun } from '../../../main/workspace/export';
import { crc32, encodeNpy, NpzError } from '../../../main/workspace/npz';
import { Workspace } from '../../../main/workspace/workspace';
import { syntheticRun, tempDir } from '../helpers/service';

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

describe('npz export', () => {
  it('crc32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('npy headers are 64-byte aligned v1.0 headers with the shape', () => {
    const bytes = encodeNpy(new Float64Array(6), [2, 3]);
    const headerLength = bytes[8] | (bytes[9] << 8);
    expect((10 + headerLength) % 64).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
    expect(header).toMatch(/^\{'descr': '<f8', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/);
    expect(bytes.length).toBe(10 + headerLength + 48);
    expect(() => encodeNpy(new Float64Array(5), [2, 3])).toThrow(NpzError);
  });

  it('numpy.load reads every exported array with its shape and exact values', async () => {
    const dir = tempDir('npz');
    dirs.push(dir);
    const ws = await Workspace.open(dir.path);
    const run = syntheticRun('run-np', null, 7);
    run.arrays.finalTheta[2] = Math.PI;
    run.arrays.finalTheta[3] = -1e-300;
    await ws.addRun(run.summary, run.architecture, run.arrays);
    const out = await exportRun(ws, 'run-np');
    const script = [
      'import json, sys, numpy as np',
      'z = np.load(sys.argv[1])',
      'print(json.dumps({k: {"shape": list(z[k].shape), "dtype": str(z[k].dtype), "values": z[k].ravel().tolist()} for k in z.files}))',
    ].join('\n');
    const printed = execFileSync('python3', ['-c', script, out.npzPath], { encoding: 'utf8' });
    const arrays = JSON.parse(printed) as Record<string, { shape: number[]; dtype: string; values: number[] }>;
    expect(Object.keys(arrays).sort()).toEqual([...out.arrays].sort());
    expect(arrays.final_theta!.dtype).toBe('float64');
    expect(arrays.final_theta!.shape).toEqual([9]);
    expect(arrays.final_theta!.values).toEqual(Array.from(run.arrays.finalTheta));
    expect(arrays.trajectory_theta!.shape).toEqual([3, 9]);
    expect(arrays.trajectory_theta!.values).toEqual(Array.from(run.arrays.trajectoryTheta));
    expect(arrays.curve_loss!.values).toEqual(Array.from(run.arrays.curveLoss));
    const json = JSON.parse(readFileSync(out.jsonPath, 'utf8')) as { run: { runId: string }; layout: { weight: { offset: number; shape: number[] } }[] };
    expect(json.run.runId).toBe('run-np');
    expect(json.layout[1].weight).toEqual({ offset: 6, shape: [1, 2] });
  });
});

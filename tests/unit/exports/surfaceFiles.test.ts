/**
 * Surface files read back by independent readers: the .h5 by h5py, the .npz by numpy, the VTK
 * XML files by Python's ElementTree (binary arrays decoded there). The grid values are checked
 * against the engine's reference loss evaluated at the grid points, not against the writer's input.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planeSummary, surfaceFromLandscape } from '../../../main/exports/surfaceData';
import { encodeSurface } from '../../../main/exports/surfaceFile';
import { writeSurfaceH5 } from '../../../main/exports/surfaceH5';
import { twoLayerArchitecture } from '../../../native-workers/engine/core/layout';
import { loss } from '../../../native-workers/engine/derivatives/loss';
import { computeLandscape } from '../../../native-workers/engine/landscape/landscape';
import { planeCase } from '../engine/landscape/fixtures';
import { python } from '../helpers/python';

const dir = mkdtempSync(join(tmpdir(), 'surface-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const c = planeCase(twoLayerArchitecture(2, 4, 1, 'relu'), 60, 7);
const R = 9;
const trajectory = [0.8, 0.4, 0.1, -0.2, -0.5].map((s, t) => c.theta0.map((x, i) => x + s * c.u[i] + 0.3 * s * c.v[i] + (t === 2 ? 0.01 * (i % 3) : 0)));
const result = computeLandscape({ architecture: c.architecture, theta: c.theta0 }, c.data, {
  plane: { kind: 'explicit', u: c.u, v: c.v },
  resolution: R,
  alphaRange: [-1, 1],
  betaRange: [-0.5, 0.5],
  project: trajectory,
})!;
const surface = surfaceFromLandscape(result, c.theta0, planeSummary({ kind: 'explicit', u: c.u, v: c.v }), 'test plane');
/** The reference (general) loss at θ₀ + αu + βv. */
const L = (alpha: number, beta: number) => loss(c.architecture, c.theta0.map((x, i) => x + alpha * c.u[i] + beta * c.v[i]), c.data);
const originLoss = loss(c.architecture, c.theta0, c.data);
const T = trajectory.length;

describe('surface files', () => {
  it('.h5 has the loss-landscape keys (xcoordinates, ycoordinates, train_loss) that plot_2D.py reads', async () => {
    const path = join(dir, 's.h5');
    await writeSurfaceH5(surface, path);
    const r = python<{ keys: string[]; shapes: Record<string, number[]>; centre: number; at: number; mesh: number[]; theta0: number[]; meta: { axes: { label: string }[]; layout: string } }>(
      `import sys, json, h5py, numpy as np
f = h5py.File(sys.argv[1], 'r')
x, y, z = f['xcoordinates'][:], f['ycoordinates'][:], f['train_loss'][:]
X, Y = np.meshgrid(x, y)  # as plot_2D.py does: Z[j, i] belongs to (x[i], y[j])
print(json.dumps({'keys': sorted(f.keys()), 'shapes': {k: list(f[k].shape) for k in f.keys()},
  'centre': float(z[${(R - 1) / 2}, ${(R - 1) / 2}]), 'at': float(z[2, 7]), 'mesh': [float(X[2, 7]), float(Y[2, 7])],
  'theta0': f['theta0'][:].tolist(), 'meta': json.loads(f.attrs['escape_studio'])}))`,
      path,
    );
    expect(r.keys).toEqual(expect.arrayContaining(['xcoordinates', 'ycoordinates', 'train_loss', 'theta0', 'direction_x', 'direction_y', 'trajectory_x', 'trajectory_y']));
    expect(r.shapes).toMatchObject({ xcoordinates: [R], ycoordinates: [R], train_loss: [R, R], theta0: [c.theta0.length], trajectory_x: [T] });
    expect(Math.abs(r.centre - originLoss)).toBeLessThanOrEqual(1e-12);
    expect(r.mesh).toEqual([-1 + 7 * 0.25, -0.5 + 2 * 0.125]);
    expect(Math.abs(r.at - L(r.mesh[0]!, r.mesh[1]!))).toBeLessThanOrEqual(1e-12 * L(r.mesh[0]!, r.mesh[1]!));
    expect(r.theta0).toEqual(Array.from(c.theta0));
    expect(r.meta.axes.map((a) => a.label)).toEqual(['u (given)', 'v (given)']);
    expect(r.meta.layout).toMatch(/loss\[i, k\] = L\(θ₀ \+ alpha\[k\]·u \+ beta\[i\]·v\)/);
  });

  it('.npz loads in numpy with the grid, θ₀, both directions, the trajectory and the plane metadata', async () => {
    const path = join(dir, 's.npz');
    writeFileSync(path, await encodeSurface('npz', surface));
    const r = python<{ files: string[]; shape: number[]; centre: number; u: number[]; v: number[]; trajectoryAlpha: number[]; plane: { format: string; plane: Record<string, unknown>; resolution: number; originLoss: number } }>(
      `import sys, json, numpy as np
z = np.load(sys.argv[1])  # allow_pickle stays False: every entry is a plain array
print(json.dumps({'files': sorted(z.files), 'shape': list(z['loss'].shape), 'centre': float(z['loss'][${(R - 1) / 2}, ${(R - 1) / 2}]),
  'u': z['u'].tolist(), 'v': z['v'].tolist(), 'trajectoryAlpha': z['trajectory_alpha'].tolist(), 'plane': json.loads(str(z['plane']))}))`,
      path,
    );
    expect(r.files).toEqual(
      ['alpha', 'beta', 'loss', 'origin_loss', 'plane', 'theta0', 'trajectory_alpha', 'trajectory_beta', 'trajectory_loss', 'trajectory_off_plane', 'trajectory_plane_loss', 'u', 'v'].sort(),
    );
    expect(r.shape).toEqual([R, R]);
    expect(Math.abs(r.centre - originLoss)).toBeLessThanOrEqual(1e-12);
    expect(r.u).toEqual(Array.from(c.u));
    expect(r.v).toEqual(Array.from(c.v));
    // In-plane trajectory points (all but t = 2) sit at their construction coordinates.
    [0.8, 0.4, -0.2, -0.5].forEach((s, n) => expect(r.trajectoryAlpha[n < 2 ? n : n + 1]).toBeCloseTo(s, 12));
    expect(r.plane).toMatchObject({ format: 'escape-studio/surface@1', plane: { kind: 'explicit', uLength: c.u.length, vLength: c.v.length }, resolution: R });
    expect(Math.abs(r.plane.originLoss - originLoss)).toBeLessThanOrEqual(1e-12);
  });

  const vtkReader = `import sys, json, base64, struct
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
def values(el):
  raw = base64.b64decode(el.text.strip())
  n = struct.unpack('<Q', raw[:8])[0]
  code, size = {'Float64': ('d', 8), 'Int32': ('i', 4)}[el.get('type')]
  return list(struct.unpack('<%d%s' % (n // size, code), raw[8:8 + n]))
piece = next(root.iter('Piece'))
arrays = {}
for section in piece:
  for el in section.iter('DataArray'):
    arrays[section.tag + '/' + (el.get('Name') or '')] = values(el)
print(json.dumps({'type': root.get('type'), 'piece': piece.attrib, 'arrays': arrays}))`;

  it('.vtp is VTK XML PolyData: the grid as quads with z = loss, and the trajectory as one polyline', async () => {
    const path = join(dir, 's.vtp');
    writeFileSync(path, await encodeSurface('vtp', surface));
    const r = python<{ type: string; piece: Record<string, string>; arrays: Record<string, number[]> }>(vtkReader, path);
    expect(r.type).toBe('PolyData');
    expect(r.piece).toMatchObject({ NumberOfPoints: String(R * R + T), NumberOfPolys: String((R - 1) ** 2), NumberOfLines: '1' });
    const points = r.arrays['Points/Points']!;
    expect(points).toHaveLength(3 * (R * R + T));
    const centre = ((R - 1) / 2) * R + (R - 1) / 2;
    expect(points.slice(3 * centre, 3 * centre + 2)).toEqual([0, 0]);
    expect(Math.abs(points[3 * centre + 2]! - originLoss)).toBeLessThanOrEqual(1e-12);
    const p = 3 * R + 5; // row i = 3 (β), column k = 5 (α)
    expect(points[3 * p + 2]! / L(points[3 * p]!, points[3 * p + 1]!)).toBeCloseTo(1, 12);
    expect(r.arrays['Lines/connectivity']).toEqual(Array.from({ length: T }, (_, t) => R * R + t));
    expect(r.arrays['Lines/offsets']).toEqual([T]);
    expect(r.arrays['Polys/connectivity']!.slice(0, 4)).toEqual([0, 1, R + 1, R]);
    // The polyline's height is the surface under each point.
    for (let t = 0; t < T; t++) expect(points[3 * (R * R + t) + 2]).toBe(result.projection.planeLoss[t]);
    expect(r.arrays['PointData/train_loss']).toHaveLength(R * R + T);
  });

  it('.vts is a VTK XML StructuredGrid of R × R points (α fastest)', async () => {
    const path = join(dir, 's.vts');
    writeFileSync(path, await encodeSurface('vts', surface));
    const r = python<{ type: string; piece: Record<string, string>; arrays: Record<string, number[]> }>(vtkReader, path);
    expect(r.type).toBe('StructuredGrid');
    expect(r.piece.Extent).toBe(`0 ${R - 1} 0 ${R - 1} 0 0`);
    const points = r.arrays['Points/Points']!;
    expect(points).toHaveLength(3 * R * R);
    expect(points.slice(0, 6)).toEqual([-1, -0.5, points[2], -0.75, -0.5, points[5]]);
    expect(r.arrays['PointData/train_loss']).toEqual(Array.from(result.loss));
  });
});

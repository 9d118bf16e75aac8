/**
 * Data out (issue 11): writing one 513² surface (the largest `landscape` grid, 129 trajectory
 * points, P = 1,000) as each file format, against the baseline of computing that same grid's
 * values on a 2-4-1 relu plane in the same run (`exports.surface.compute513`), so an export's
 * cost reads as a fraction of the landscape it saves.
 */
import { surfaceFromLandscape } from '../../main/exports/surfaceData';
import { encodeSurface } from '../../main/exports/surfaceFile';
import { twoLayerArchitecture } from '../../native-workers/engine/core/layout';
import { computeLandscape } from '../../native-workers/engine/landscape/landscape';
import type { BenchCase } from '../harness';
import { planeCase } from '../../tests/unit/engine/landscape/fixtures';

const R = 513;
const T = 129;
const P = 1000;
const c = planeCase(twoLayerArchitecture(2, 4, 1, 'relu'), 200, 3);
const grid = () => computeLandscape({ architecture: c.architecture, theta: c.theta0 }, c.data, { plane: { kind: 'explicit', u: c.u, v: c.v }, resolution: R, alphaRange: [-1, 1], betaRange: [-1, 1] })!;
const line = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));

function surface() {
  const g = grid();
  return surfaceFromLandscape(
    {
      ...g,
      u: line(P, (i) => Math.sin(i)),
      v: line(P, (i) => Math.cos(i)),
      projection: { alpha: line(T, (t) => t / T), beta: line(T, (t) => -t / T), offPlane: line(T, () => 0), planeLoss: line(T, (t) => g.loss[t]!), loss: line(T, (t) => g.loss[t]!) },
    },
    line(P, (i) => i / P),
    { kind: 'explicit' },
    'bench',
  );
}

const cases: BenchCase[] = [
  { name: 'exports.surface.compute513', repetitions: 5, warmup: 1, maxSeconds: 30, run: () => grid().loss.length },
  ...(['npz', 'h5', 'vtp', 'vts'] as const).map(
    (format): BenchCase => ({
      name: `exports.surface513.${format}`,
      repetitions: 10,
      warmup: 1,
      maxSeconds: 30,
      setup: surface,
      run: async (data) => (await encodeSurface(format, data as ReturnType<typeof surface>)).length,
    }),
  ),
];
export default cases;

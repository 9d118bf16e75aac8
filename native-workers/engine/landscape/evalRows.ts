import { alphaStep, betaAt, type PlaneGridSpec } from './gridSpec';
import type { PlaneEvaluator } from './planeEvaluator';
export function evaluateGridRows(evaluator: PlaneEvaluator, spec: PlaneGridSpec, rows: ArrayLike<number>): Float64Array {
  const R = spec.resolution;
  const out = new Float64Array(rows.length * R);
  for (let t = 0; t < rows.length; t++) evaluator.row(betaAt(spec, rows[t]), spec.alphaRange[0], alphaStep(spec), R, out, t * R);
  return out;
}

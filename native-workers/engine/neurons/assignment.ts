/**
 * Minimum-cost assignment (Hungarian algorithm, shortest augmenting paths with potentials,
 * O(r²c)) for an r×c cost matrix with r ≤ c: returns for each row its column.
 */
import { NeuronOperationError } from './errors';

export function minCostAssignment(cost: readonly (readonly number[])[]): number[] {
  const r = cost.length;
  if (r === 0) return [];
  const c = cost[0].length;
  if (r > c) throw new NeuronOperationError(`assignment needs rows ≤ columns, got ${r} × ${c}`);
  // 1-based arrays as in the classical formulation; column 0 is a virtual start.
  const u = new Float64Array(r + 1);
  const v = new Float64Array(c + 1);
  const p = new Int32Array(c + 1); // p[j] = row matched to column j
  const way = new Int32Array(c + 1);
  for (let i = 1; i <= r; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(c + 1).fill(Infinity);
    const used = new Uint8Array(c + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= c; j++) {
        if (used[j]) continue;
        const cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= c; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const result = new Array<number>(r).fill(-1);
  for (let j = 1; j <= c; j++) if (p[j] > 0) result[p[j] - 1] = j - 1;
  return result;
}

/**
 * Dense symmetric eigensolver (engineer B): all eigenpairs of a seeded random symmetric matrix
 * (entries N(0, 1)), n = P of two-layer d=2 → m → 1 nets with m = 4, 20, 50 (P = 17, 81, 201) and a
 * large case. Targets are the eigh share of the "Hessian + full eigendecomposition" budget
 * (0.6 / 5 / 20 ms, see bench/cases/derivatives.ts hessianEigh.*). Also the eigenvalues-only path
 * and Lanczos for a few extremal pairs.
 */
import type { BenchCase } from '../harness';
import { eigh } from '../../native-workers/engine/linalg/eigh';
import { lanczos } from '../../native-workers/engine/linalg/lanczos';
import { randomSymmetric } from '../../tests/unit/helpers/randomSymmetric';


function eighCase(name: string, n: number, vectors: boolean, targetMs?: number): BenchCase {
  const large = n >= 500;
  return {
    name,
    ...(targetMs !== undefined ? { targetMs } : {}),
    repetitions: large ? 5 : 300,
    warmup: large ? 1 : 10,
    maxSeconds: large ? 20 : 3,
    setup: () => randomSymmetric(n, n),
    run: (A) => eigh(A as Float64Array, n, { vectors }),
  };
}

function lanczosCase(name: string, n: number, count: number): BenchCase {
  return {
    name,
    repetitions: 50,
    warmup: 3,
    setup: () => randomSymmetric(n, n + 1),
    run(state) {
      const A = state as Float64Array;
      const matvec = (v: Float64Array, out: Float64Array): void => {
        for (let i = 0; i < n; i++) {
          let s = 0;
          const row = i * n;
          for (let j = 0; j < n; j++) s += A[row + j] * v[j];
          out[i] = s;
        }
      };
      return lanczos(matvec, n, { count, which: 'smallest' });
    },
  };
}

const cases: BenchCase[] = [
  eighCase('eigh.n17', 17, true, 0.3),
  eighCase('eigh.n81', 81, true, 3),
  eighCase('eigh.n201', 201, true, 12),
  eighCase('eigh.n1000', 1000, true),
  eighCase('eigh.values.n201', 201, false),
  eighCase('eigh.values.n1000', 1000, false),
  lanczosCase('lanczos.n1000.smallest3', 1000, 3),
];

export default cases;

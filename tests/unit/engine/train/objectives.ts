/** Analytic test objectives with exact gradients and Hessians (independent of the network code). */
import { countingObjective, type CountingObjective } from '../../../../native-workers/engine/train/objective';

/** L(y) = ½ Σ aᵢ yᵢ² : gradient flow solution yᵢ(t) = yᵢ(0)·exp(−sᵢ aᵢ t). */
export function diagonalQuadratic(a: readonly number[]): CountingObjective {
  const n = a.length;
  return countingObjective({
    dimension: n,
    smooth: true,
    loss: (y) => a.reduce((s, ai, i) => s + 0.5 * ai * y[i] ** 2, 0),
    lossAndGradient(y, g) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        g[i] = a[i] * y[i];
        s += 0.5 * a[i] * y[i] ** 2;
      }
      return s;
    },
    hessian() {
      const H = new Float64Array(n * n);
      for (let i = 0; i < n; i++) H[i * n + i] = a[i];
      return H;
    },
  });
}

/** L(y) = Σ yᵢ⁴/4: y' = −y³ has y(t) = y₀/√(1 + 2y₀²t). */
export function quartic(n: number): CountingObjective {
  return countingObjective({
    dimension: n,
    smooth: true,
    loss: (y) => y.reduce((s, v) => s + v ** 4 / 4, 0),
    lossAndGradient(y, g) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        g[i] = y[i] ** 3;
        s += y[i] ** 4 / 4;
      }
      return s;
    },
    hessian(y) {
      const H = new Float64Array(n * n);
      for (let i = 0; i < n; i++) H[i * n + i] = 3 * y[i] ** 2;
      return H;
    },
  });
}

/** Rosenbrock's banana (1 − x)² + 100(y − x²)², minimum 0 at (1, 1). */
export function banana(): CountingObjective {
  return countingObjective({
    dimension: 2,
    smooth: true,
    loss: ([x, y]) => (1 - x!) ** 2 + 100 * (y! - x! ** 2) ** 2,
    lossAndGradient(v, g) {
      const x = v[0];
      const y = v[1];
      g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      g[1] = 200 * (y - x * x);
      return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    },
    hessian(v) {
      const x = v[0];
      const y = v[1];
      return Float64Array.from([2 - 400 * (y - x * x) + 800 * x * x, -400 * x, -400 * x, 200]);
    },
  });
}

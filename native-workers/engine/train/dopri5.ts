/**
 * One step of the Dormand–Prince 5(4) explicit Runge–Kutta pair (Dormand & Prince 1980;
 * Hairer, Nørsett & Wanner, "Solving ODEs I", Table II.5.2), first-same-as-last.
 */
import type { FlowField } from './rodas4';

const A21 = 1 / 5;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
const B1 = 35 / 384, B3 = 500 / 1113, B4 = 125 / 192, B5 = -2187 / 6784, B6 = 11 / 84;
// Error weights: fifth-order minus fourth-order weights.
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;

export class DormandPrince {
  private readonly k: Float64Array[];
  private readonly ys: Float64Array;

  constructor(private readonly n: number) {
    this.k = Array.from({ length: 7 }, () => new Float64Array(n));
    this.ys = new Float64Array(n);
  }

  /**
   * Attempts a step of size h from y with f0 = f(y). Writes yNew, the error estimate err and
   * f(yNew) into fNew (first-same-as-last); returns L(yNew).
   */
  step(field: FlowField, y: Float64Array, f0: Float64Array, h: number, yNew: Float64Array, err: Float64Array, fNew: Float64Array): number {
    const n = this.n;
    const [, k2, k3, k4, k5, k6] = this.k as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    const k1 = f0;
    const ys = this.ys;
    for (let i = 0; i < n; i++) ys[i] = y[i] + h * A21 * k1[i];
    field(ys, k2);
    for (let i = 0; i < n; i++) ys[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
    field(ys, k3);
    for (let i = 0; i < n; i++) ys[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
    field(ys, k4);
    for (let i = 0; i < n; i++) ys[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
    field(ys, k5);
    for (let i = 0; i < n; i++)
      ys[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
    field(ys, k6);
    for (let i = 0; i < n; i++)
      yNew[i] = y[i] + h * (B1 * k1[i] + B3 * k3[i] + B4 * k4[i] + B5 * k5[i] + B6 * k6[i]);
    const loss = field(yNew, fNew);
    for (let i = 0; i < n; i++)
      err[i] = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * fNew[i]);
    return loss;
  }
}

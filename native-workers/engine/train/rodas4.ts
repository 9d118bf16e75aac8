/**
 * One step of RODAS4 (Hairer & Wanner, "Solving ODEs II", 2nd ed. 1996, §VI.4; coefficients as
 * in their rodas.f, method 1) for the autonomous gradient-flow ODE y' = f(y) = −S∇L(y), S =
 * diag(timeScale), with the exact Jacobian J = −S·H. Stiffly accurate and L-stable, order 4
 * with an embedded order-3 error estimate (the last stage increment k6).
 *
 * Stage equations (Hairer–Wanner's transformed form, no time derivative for autonomous f):
 *   W kᵢ = f(y + Σⱼ aᵢⱼ kⱼ) + (1/h) Σⱼ cᵢⱼ kⱼ,   W = I/(hγ) − J = I/(hγ) + S·H,
 *   y₆ = y₅ + k₅,  y_new = y₆ + k₆,  error = k₆.
 */
import { luFactor, luSolve, type LuFactorization } from '../linalg/solve';

const GAMMA = 0.25;
const A21 = 1.544;
const A31 = 0.9466785280815826, A32 = 0.2557011698983284;
const A41 = 3.314825187068521, A42 = 2.896124015972201, A43 = 0.9986419139977817;
const A51 = 1.221224509226641, A52 = 6.019134481288629, A53 = 12.53708332932087, A54 = -0.687886036105895;
const C21 = -5.6688;
const C31 = -2.430093356833875, C32 = -0.2063599157091915;
const C41 = -0.1073529058151375, C42 = -9.594562251023355, C43 = -20.47028614809616;
const C51 = 7.496443313967647, C52 = -10.24680431464352, C53 = -33.99990352819905, C54 = 11.7089089320616;
const C61 = 8.083246795921522, C62 = -7.981132988064893, C63 = -31.52159432874371, C64 = 16.31930543123136;
const C65 = -6.058818238834054;

/** Evaluates f(y) = −S∇L(y) into out and returns L(y). */
export type FlowField = (y: Float64Array, out: Float64Array) => number;

export class Rodas4 {
  private readonly W: Float64Array;
  private readonly lu: Float64Array;
  private readonly pivot: Int32Array;
  private readonly k: Float64Array[];
  private readonly stage: Float64Array;
  private readonly fs: Float64Array;
  private readonly rhs: Float64Array;
  factorization: LuFactorization | null = null;

  constructor(private readonly n: number) {
    this.W = new Float64Array(n * n);
    this.lu = new Float64Array(n * n);
    this.pivot = new Int32Array(n);
    this.k = Array.from({ length: 6 }, () => new Float64Array(n));
    this.stage = new Float64Array(n);
    this.fs = new Float64Array(n);
    this.rhs = new Float64Array(n);
  }

  /** Factor W = I/(hγ) + M for the step size h, M = −J (= S·H for plain gradient flow). Returns false when W is singular. */
  factor(M: Float64Array, h: number): boolean {
    const n = this.n;
    const d = 1 / (h * GAMMA);
    const W = this.W;
    W.set(M.subarray(0, n * n));
    for (let i = 0; i < n; i++) W[i * n + i] += d;
    this.factorization = luFactor(W, n, this.lu, this.pivot);
    return this.factorization.ok;
  }

  /**
   * Attempts a step of size h from y (f0 = f(y)); call factor(M, h) first.
   * Writes the candidate into yNew and the error estimate (k₆) into err. Returns false if a stage
   * produced a non-finite value.
   */
  step(field: FlowField, y: Float64Array, f0: Float64Array, h: number, yNew: Float64Array, err: Float64Array): boolean {
    const n = this.n;
    const F = this.factorization!;
    const [k1, k2, k3, k4, k5, k6] = this.k as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    const ys = this.stage;
    const fs = this.fs;
    const rhs = this.rhs;
    const ih = 1 / h;

    luSolve(F, f0, k1);

    for (let i = 0; i < n; i++) ys[i] = y[i] + A21 * k1[i];
    field(ys, fs);
    for (let i = 0; i < n; i++) rhs[i] = fs[i] + ih * C21 * k1[i];
    luSolve(F, rhs, k2);

    for (let i = 0; i < n; i++) ys[i] = y[i] + A31 * k1[i] + A32 * k2[i];
    field(ys, fs);
    for (let i = 0; i < n; i++) rhs[i] = fs[i] + ih * (C31 * k1[i] + C32 * k2[i]);
    luSolve(F, rhs, k3);

    for (let i = 0; i < n; i++) ys[i] = y[i] + A41 * k1[i] + A42 * k2[i] + A43 * k3[i];
    field(ys, fs);
    for (let i = 0; i < n; i++) rhs[i] = fs[i] + ih * (C41 * k1[i] + C42 * k2[i] + C43 * k3[i]);
    luSolve(F, rhs, k4);

    for (let i = 0; i < n; i++) ys[i] = y[i] + A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i];
    field(ys, fs);
    for (let i = 0; i < n; i++) rhs[i] = fs[i] + ih * (C51 * k1[i] + C52 * k2[i] + C53 * k3[i] + C54 * k4[i]);
    luSolve(F, rhs, k5);

    for (let i = 0; i < n; i++) ys[i] += k5[i];
    field(ys, fs);
    for (let i = 0; i < n; i++)
      rhs[i] = fs[i] + ih * (C61 * k1[i] + C62 * k2[i] + C63 * k3[i] + C64 * k4[i] + C65 * k5[i]);
    luSolve(F, rhs, k6);

    let finite = true;
    for (let i = 0; i < n; i++) {
      yNew[i] = ys[i] + k6[i];
      err[i] = k6[i];
      if (!Number.isFinite(yNew[i])) finite = false;
    }
    return finite;
  }
}

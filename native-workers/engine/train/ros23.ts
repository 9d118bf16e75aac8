/**
 * One step of the modified Rosenbrock pair of Shampine & Reichelt (MATLAB ode23s; "The MATLAB
 * ODE suite", SIAM J. Sci. Comput. 18, 1997), for the autonomous flow y' = f(y):
 *   W = I − h·d·J, d = 1/(2+√2), F₀ = f(y)
 *   k₁ = W⁻¹F₀,  F₁ = f(y + ½h·k₁),  k₂ = W⁻¹(F₁ − k₁) + k₁,  y_new = y + h·k₂,
 *   F₂ = f(y_new),  k₃ = W⁻¹(F₂ − e₃₂(k₂ − F₁) − 2(k₁ − F₀)),  e₃₂ = 6 + √2,
 *   error = h/6·(k₁ − 2k₂ + k₃).
 * Second order for any W (a W-method, so the Hessian may be reused across steps), L-stable,
 * with F₂ reused as the next step's F₀. Two gradient evaluations per step: the cheap choice when
 * the right-hand side is a dense staircase (ReLU with many samples) and high order does not pay.
 */
import { luFactor, luSolve, type LuFactorization } from '../linalg/solve';
import type { FlowField } from './rodas4';

const D = 1 / (2 + Math.SQRT2);
const E32 = 6 + Math.SQRT2;

export class Rosenbrock23 {
  private readonly W: Float64Array;
  private readonly lu: Float64Array;
  private readonly pivot: Int32Array;
  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly k3: Float64Array;
  private readonly f1: Float64Array;
  private readonly rhs: Float64Array;
  private factorization: LuFactorization | null = null;

  constructor(private readonly n: number) {
    this.W = new Float64Array(n * n);
    this.lu = new Float64Array(n * n);
    this.pivot = new Int32Array(n);
    this.k1 = new Float64Array(n);
    this.k2 = new Float64Array(n);
    this.k3 = new Float64Array(n);
    this.f1 = new Float64Array(n);
    this.rhs = new Float64Array(n);
  }

  /** Factor W = I + h·d·M with M = −J (S·H for gradient flow). */
  factor(M: Float64Array, h: number): boolean {
    const n = this.n;
    const c = h * D;
    for (let i = 0; i < n * n; i++) this.W[i] = c * M[i];
    for (let i = 0; i < n; i++) this.W[i * n + i] += 1;
    this.factorization = luFactor(this.W, n, this.lu, this.pivot);
    return this.factorization.ok;
  }

  /** Attempts a step (after factor(M, h)); writes yNew, fNew = f(yNew), err; returns L(yNew). */
  step(field: FlowField, y: Float64Array, f0: Float64Array, h: number, yNew: Float64Array, fNew: Float64Array, err: Float64Array): number {
    const n = this.n;
    const F = this.factorization!;
    const { k1, k2, k3, f1, rhs } = this;
    luSolve(F, f0, k1);
    for (let i = 0; i < n; i++) yNew[i] = y[i] + 0.5 * h * k1[i];
    field(yNew, f1);
    for (let i = 0; i < n; i++) rhs[i] = f1[i] - k1[i];
    luSolve(F, rhs, k2);
    for (let i = 0; i < n; i++) {
      k2[i] += k1[i];
      yNew[i] = y[i] + h * k2[i];
    }
    const loss = field(yNew, fNew);
    for (let i = 0; i < n; i++) rhs[i] = fNew[i] - E32 * (k2[i] - f1[i]) - 2 * (k1[i] - f0[i]);
    luSolve(F, rhs, k3);
    for (let i = 0; i < n; i++) err[i] = (h / 6) * (k1[i] - 2 * k2[i] + k3[i]);
    return loss;
  }
}

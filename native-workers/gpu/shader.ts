/**
 * WGSL of the batch trainer: one invocation = one student of a two-layer net d → m → 1
 * (θ layout as the engine's: W (m × d, row-major), b (m) if hidden bias, a (m), c if output bias),
 * loss L = (1/N) Σₙ (f(xₙ) − yₙ)² over one shared dataset, all in f32 (WGSL has no f64).
 *
 * Integrators (per student, its own step size h):
 * - flow: Bogacki–Shampine 3(2) (Bogacki & Shampine 1989; the pair of MATLAB's ode23) on
 *   dθ/dt = −∇L, FSAL, error = h·Σ(bᵢ − b̂ᵢ)kᵢ with b − b̂ = (−5/72, 1/12, 1/9, −1/8), RMS norm
 *   against atol + rtol·max(|θ|, |θ_new|), h ← h·clamp(0.9·err^(−1/3), 0.2, 5) (Hairer–Nørsett–
 *   Wanner I, II.4).
 * - gd: θ ← θ − h∇L with h the student's learning rate.
 * - adam: Adam (Kingma & Ba 2015, Alg. 1; as the engine's train/firstOrder.ts, full batch) with
 *   learning rate h, moments m, v in work slots 3, 4 and the bias corrections c = 1 − βᵗ in the
 *   student record; its time t counts steps (the CPU Adam's time unit).
 * Stop codes per student: see STOP_CODES. The stall rule is the CPU flow's StallDetector: at
 * checkpoints every doubling of ODE time (or `stallSteps` accepted steps), stalled when the best
 * loss fell by less than `stallRel` (relative) since the previous checkpoint.
 */
import type { ActivationName } from '../engine';

export const GPU_ACTIVATIONS = ['relu', 'softplus', 'tanh', 'sigmoid', 'g'] as const satisfies readonly ActivationName[];
export type GpuActivation = (typeof GPU_ACTIVATIONS)[number];

/** Index = the status word in the student record. */
export const STOP_CODES = ['running', 'loss-floor', 'stalled', 'max-steps', 'max-time', 'non-finite'] as const;
export type GpuStop = (typeof STOP_CODES)[number];

/** What the kernel integrates: the adaptive flow, plain gradient descent, or Adam. */
export const GPU_METHODS = ['flow', 'gd', 'adam'] as const;
export type GpuMethod = (typeof GPU_METHODS)[number];

/** The engine's Adam defaults (train/firstOrder.ts; firstOrderKernel.test.ts checks them against the CPU Adam). */
export const ADAM_DEFAULTS = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

/** Student record: 12 words (f32 h, t, loss, best, checkLoss, checkTime; u32 steps, rejected, status, checkStep; f32 c1, c2 = Adam's 1 − β₁ᵗ, 1 − β₂ᵗ). */
export const STATE_WORDS = 12;
/** Vectors per student in the work buffer (θ, trial point, four gradients; Adam: θ, –, ∇L, m, v). */
export const WORK_SLOTS = 6;

export interface ShaderConfig {
  readonly inputDim: number;
  readonly width: number;
  readonly hiddenBias: boolean;
  readonly outputBias: boolean;
  readonly activation: GpuActivation;
  readonly samples: number;
  readonly students: number;
  readonly method: GpuMethod;
  /** Adam only: defaults ADAM_DEFAULTS. */
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  /** Integrator steps per dispatch (each invocation loops this many times). */
  readonly stepsPerDispatch: number;
  readonly maxSteps: number;
  readonly maxTime: number;
  readonly rtol: number;
  readonly atol: number;
  readonly maxStep: number;
  /** Absolute loss below which a student stops ('loss-floor'). */
  readonly lossFloor: number;
  readonly stallRel: number;
  readonly stallSteps: number;
}

export function gpuParameterCount(c: Pick<ShaderConfig, 'inputDim' | 'width' | 'hiddenBias' | 'outputBias'>): number {
  return c.width * c.inputDim + (c.hiddenBias ? c.width : 0) + c.width + (c.outputBias ? 1 : 0);
}

/** A WGSL f32 literal (abstract-float syntax with a decimal point or exponent). */
function f(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`shader constant must be finite, got ${x}`);
  const s = x.toExponential(9);
  return s;
}

/** act(z) and act'(z) in f32, written for accuracy where naive forms cancel or overflow. */
const ACTIVATION_WGSL: Record<GpuActivation, string> = {
  relu: `fn act(z: f32) -> vec2<f32> { if (z > 0.0) { return vec2<f32>(z, 1.0); } return vec2<f32>(0.0, 0.0); }`,
  // softplus = max(z,0) + log1p(e^{−|z|}); log1p by its series where 1 + e rounds; σ via e^{−|z|}.
  softplus: `fn act(z: f32) -> vec2<f32> { return vec2<f32>(softplus(z), sigm(z)); }`,
  sigmoid: `fn act(z: f32) -> vec2<f32> { return vec2<f32>(sigm(z), sigmD(z)); }`,
  // tanh: odd series through z⁹ for |z| < 1/8 (next term < 1e-11 relative), else (1 − e)/(1 + e)
  // with e = e^{−2|z|}; sech² = 4e/(1 + e)² (no 1 − tanh² cancellation).
  tanh: `fn act(z: f32) -> vec2<f32> {
  let a = abs(z);
  let e = exp(-2.0 * a);
  let q = 1.0 + e;
  let d = 4.0 * e / (q * q);
  if (a < 0.125) {
    let z2 = z * z;
    return vec2<f32>(z * (1.0 + z2 * (-1.0 / 3.0 + z2 * (2.0 / 15.0 + z2 * (-17.0 / 315.0 + z2 * (62.0 / 2835.0))))), d);
  }
  return vec2<f32>(sign(z) * (1.0 - e) / q, d);
}`,
  // g(z) = σ(4z) + softplus(z) (the paper's g), g' = 4σ'(4z) + σ(z).
  g: `fn act(z: f32) -> vec2<f32> { return vec2<f32>(sigm(4.0 * z) + softplus(z), 4.0 * sigmD(4.0 * z) + sigm(z)); }`,
};

const HELPERS = `
fn log1pSmall(e: f32) -> f32 { if (e < 1e-3) { return e * (1.0 - e * (0.5 - e / 3.0)); } return log(1.0 + e); }
fn softplus(z: f32) -> f32 { return max(z, 0.0) + log1pSmall(exp(-abs(z))); }
fn sigm(z: f32) -> f32 { let e = exp(-abs(z)); if (z >= 0.0) { return 1.0 / (1.0 + e); } return e / (1.0 + e); }
fn sigmD(z: f32) -> f32 { let e = exp(-abs(z)); let q = 1.0 + e; return e / (q * q); }
`;

/**
 * Largest m·d for which lossGrad is generated unrolled: θ and ∇L in registers (one `let` per
 * parameter, one `var` per gradient entry, no arrays: private arrays crashed SwiftShader), each
 * pre-activation computed once per sample. The loop form (θ read from the storage buffer at every
 * use, pre-activations recomputed in the backward pass) remains for wider nets. SwiftShader, fig3c
 * m = 4, B = 64, 300 steps: 430 s → 57 s wall (the loop form's 22 ms per student-step was storage traffic).
 */
export const UNROLL_MAX_WEIGHTS = 64;

function offsets(c: ShaderConfig): { D: number; M: number; P: number; oB: number; oA: number; oC: number } {
  const D = c.inputDim;
  const M = c.width;
  const oB = M * D; // hidden biases
  const oA = oB + (c.hiddenBias ? M : 0); // output weights
  return { D, M, P: gpuParameterCount(c), oB, oA, oC: oA + M };
}

/** L and ∇L with every parameter in a register (see UNROLL_MAX_WEIGHTS). */
function unrolledLossGrad(c: ShaderConfig): string {
  const { D, M, P, oB, oA, oC } = offsets(c);
  const lines: string[] = [];
  for (let i = 0; i < P; i++) lines.push(`  let p${i} = work[at(ps, ${i}u, s)];`, `  var g${i} = 0.0;`);
  lines.push('  var L = 0.0;', '  for (var n = 0u; n < N; n++) {', '    let base = n * (D + 1u);');
  for (let k = 0; k < D; k++) lines.push(`    let x${k} = data[base + ${k}u];`);
  for (let j = 0; j < M; j++) {
    const terms = Array.from({ length: D }, (_, k) => `p${j * D + k} * x${k}`);
    if (c.hiddenBias) terms.push(`p${oB + j}`);
    lines.push(`    let v${j} = act(${terms.join(' + ')});`);
  }
  const out = Array.from({ length: M }, (_, j) => `p${oA + j} * v${j}.x`);
  if (c.outputBias) out.push(`p${oC}`);
  lines.push(`    let r = ${out.join(' + ')} - data[base + ${D}u];`, '    L += r * r;');
  for (let j = 0; j < M; j++) {
    lines.push(`    g${oA + j} += r * v${j}.x;`, `    let q${j} = r * p${oA + j} * v${j}.y;`);
    for (let k = 0; k < D; k++) lines.push(`    g${j * D + k} += q${j} * x${k};`);
    if (c.hiddenBias) lines.push(`    g${oB + j} += q${j};`);
  }
  if (c.outputBias) lines.push(`    g${oC} += r;`);
  lines.push('  }', '  let sc = 2.0 / f32(N);');
  for (let i = 0; i < P; i++) lines.push(`  work[at(gs, ${i}u, s)] = g${i} * sc;`);
  lines.push('  return L / f32(N);');
  return `// L and ∇L (plain MSE, the engine's convention) at the vector in slot ps, gradient into slot gs,
// accumulated over the samples in f32; unrolled over the ${P} parameters.
fn lossGrad(s: u32, ps: u32, gs: u32) -> f32 {
${lines.join('\n')}
}`;
}

/** L and ∇L reading θ from the work buffer in loops (any width). */
function loopLossGrad(c: ShaderConfig): string {
  const { oB, oA, oC } = offsets(c);
  return `
// Pre-activation of hidden unit j at sample \`base\` for the vector in slot \`ps\`.
fn pre(s: u32, ps: u32, j: u32, base: u32) -> f32 {
  var z = ${c.hiddenBias ? `work[at(ps, ${oB}u + j, s)]` : '0.0'};
  for (var k = 0u; k < D; k++) { z += work[at(ps, j * D + k, s)] * data[base + k]; }
  return z;
}

// L and ∇L (plain MSE, the engine's convention) at the vector in slot \`ps\`, gradient into slot
// \`gs\`, accumulated over the samples in f32.
fn lossGrad(s: u32, ps: u32, gs: u32) -> f32 {
  for (var i = 0u; i < P; i++) { work[at(gs, i, s)] = 0.0; }
  var L = 0.0;
  for (var n = 0u; n < N; n++) {
    let base = n * (D + 1u);
    var out = ${c.outputBias ? `work[at(ps, ${oC}u, s)]` : '0.0'};
    for (var j = 0u; j < M; j++) { out += work[at(ps, ${oA}u + j, s)] * act(pre(s, ps, j, base)).x; }
    let r = out - data[base + D];
    L += r * r;
    // The backward pass recomputes the pre-activations: no private arrays (see the work buffer note).
    for (var j = 0u; j < M; j++) {
      let v = act(pre(s, ps, j, base));
      work[at(gs, ${oA}u + j, s)] += r * v.x;
      let q = r * work[at(ps, ${oA}u + j, s)] * v.y;
      for (var k = 0u; k < D; k++) { work[at(gs, j * D + k, s)] += q * data[base + k]; }
      ${c.hiddenBias ? `work[at(gs, ${oB}u + j, s)] += q;` : ''}
    }
    ${c.outputBias ? `work[at(gs, ${oC}u, s)] += r;` : ''}
  }
  let sc = 2.0 / f32(N);
  for (var i = 0u; i < P; i++) { work[at(gs, i, s)] *= sc; }
  return L / f32(N);
}`;
}

/**
 * One Adam step (learning rate st.h, never shortened by MAX_TIME: its time counts steps). The bias
 * corrections c = 1 − βᵗ follow c ← β·c + (1 − β) from c = 0 — the same numbers in exact
 * arithmetic, but in f32 free of the cancellation in 1 − pow(β, t) at small t (c₂ ≈ t·1e-3 there).
 */
const ADAM_STEP = `    st.c1 = BETA1 * st.c1 + OMB1;
    st.c2 = BETA2 * st.c2 + OMB2;
    for (var i = 0u; i < P; i++) {
      let g = work[at(2u, i, s)];
      let m = BETA1 * work[at(3u, i, s)] + OMB1 * g;
      let v = BETA2 * work[at(4u, i, s)] + OMB2 * g * g;
      work[at(3u, i, s)] = m;
      work[at(4u, i, s)] = v;
      work[at(0u, i, s)] -= (st.h * (m / st.c1)) / (sqrt(v / st.c2) + EPS);
    }
    L = lossGrad(s, 0u, 2u);
    st.t += 1.0;
    st.steps += 1u;`;

export function batchShader(c: ShaderConfig): string {
  const D = c.inputDim;
  const M = c.width;
  const P = gpuParameterCount(c);
  const beta1 = c.beta1 ?? ADAM_DEFAULTS.beta1;
  const beta2 = c.beta2 ?? ADAM_DEFAULTS.beta2;
  if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) throw new Error(`Adam betas must lie in [0, 1), got ${beta1}, ${beta2}`);
  return /* wgsl */ `
const B: u32 = ${c.students}u;
const N: u32 = ${c.samples}u;
const D: u32 = ${D}u;
const M: u32 = ${M}u;
const P: u32 = ${P}u;
const K: u32 = ${c.stepsPerDispatch}u;
const MAX_STEPS: u32 = ${c.maxSteps}u;
const MAX_TIME: f32 = ${f(c.maxTime)};
const RTOL: f32 = ${f(c.rtol)};
const ATOL: f32 = ${f(c.atol)};
const HMAX: f32 = ${f(c.maxStep)};
const FLOOR: f32 = ${f(c.lossFloor)};
const STALL_REL: f32 = ${f(c.stallRel)};
const STALL_STEPS: u32 = ${c.stallSteps}u;
const BETA1: f32 = ${f(beta1)};
const BETA2: f32 = ${f(beta2)};
// 1 − β from float64 on the host (1.0 - BETA2 in f32 would carry BETA2's rounding: 6e-5 relative).
const OMB1: f32 = ${f(1 - beta1)};
const OMB2: f32 = ${f(1 - beta2)};
const EPS: f32 = ${f(c.epsilon ?? ADAM_DEFAULTS.epsilon)};

struct Student { h: f32, t: f32, loss: f32, best: f32, checkLoss: f32, checkTime: f32,
                 steps: u32, rejected: u32, status: u32, checkStep: u32, c1: f32, c2: f32 }

@group(0) @binding(0) var<storage, read> data: array<f32>;        // N × (D + 1): x then y
@group(0) @binding(1) var<storage, read_write> work: array<f32>;   // WORK_SLOTS × P × B, see at()
@group(0) @binding(2) var<storage, read_write> students: array<Student>;

// Vectors live in the storage buffer, not in function memory: with private arrays SwiftShader
// crashed the host process at once (it runs invocations on small fiber stacks). Slots: 0 θ,
// 1 trial point, 2 ∇L(θ) (FSAL), 3–5 stage gradients. Student-minor layout, so neighbouring
// invocations touch neighbouring words (coalesced on real GPUs).
fn at(slot: u32, i: u32, s: u32) -> u32 { return (slot * P + i) * B + s; }

${HELPERS}
${ACTIVATION_WGSL[c.activation]}

${M * D <= UNROLL_MAX_WEIGHTS ? unrolledLossGrad(c) : loopLossGrad(c)}

fn finite(x: f32) -> bool { return abs(x) <= 3.4e38; }

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let s = gid.x;
  if (s >= B) { return; }
  var st = students[s];
  if (st.status != 0u) { return; }
  var L = lossGrad(s, 0u, 2u);
  if (st.steps == 0u && st.rejected == 0u) { st.best = L; st.checkLoss = L; }
  for (var it = 0u; it < K; it++) {
    if (!finite(L)) { st.status = 5u; break; }
    if (L < FLOOR) { st.status = 1u; break; }
    if (st.steps >= MAX_STEPS || st.steps + st.rejected >= 2u * MAX_STEPS) { st.status = 3u; break; }
    if (st.t >= MAX_TIME) { st.status = 4u; break; }
    let h = min(st.h, MAX_TIME - st.t);
${
  c.method === 'flow'
    ? `    for (var i = 0u; i < P; i++) { work[at(1u, i, s)] = work[at(0u, i, s)] - 0.5 * h * work[at(2u, i, s)]; }
    _ = lossGrad(s, 1u, 3u);
    for (var i = 0u; i < P; i++) { work[at(1u, i, s)] = work[at(0u, i, s)] - 0.75 * h * work[at(3u, i, s)]; }
    _ = lossGrad(s, 1u, 4u);
    for (var i = 0u; i < P; i++) {
      work[at(1u, i, s)] = work[at(0u, i, s)] - h * ((2.0 / 9.0) * work[at(2u, i, s)] + (1.0 / 3.0) * work[at(3u, i, s)] + (4.0 / 9.0) * work[at(4u, i, s)]);
    }
    let Ln = lossGrad(s, 1u, 5u);
    var e2 = 0.0;
    for (var i = 0u; i < P; i++) {
      let err = h * ((-5.0 / 72.0) * work[at(2u, i, s)] + (1.0 / 12.0) * work[at(3u, i, s)] + (1.0 / 9.0) * work[at(4u, i, s)] - 0.125 * work[at(5u, i, s)]);
      let sc = ATOL + RTOL * max(abs(work[at(0u, i, s)]), abs(work[at(1u, i, s)]));
      e2 += (err / sc) * (err / sc);
    }
    let errn = sqrt(e2 / f32(P));
    var factor = 5.0;
    if (errn > 0.0) { factor = clamp(0.9 * pow(errn, -1.0 / 3.0), 0.2, 5.0); }
    if (errn <= 1.0 && finite(Ln)) {
      for (var i = 0u; i < P; i++) { work[at(0u, i, s)] = work[at(1u, i, s)]; work[at(2u, i, s)] = work[at(5u, i, s)]; }
      L = Ln;
      st.t += h;
      st.steps += 1u;
      st.h = min(h * factor, HMAX);
    } else {
      st.rejected += 1u;
      if (!finite(errn)) { factor = 0.2; }
      st.h = max(h * factor, 1e-30);
    }`
    : c.method === 'gd'
      ? `    for (var i = 0u; i < P; i++) { work[at(0u, i, s)] -= h * work[at(2u, i, s)]; }
    L = lossGrad(s, 0u, 2u);
    st.t += h;
    st.steps += 1u;`
      : ADAM_STEP
}
    st.best = min(st.best, L);
    if (st.t >= 2.0 * st.checkTime || st.steps - st.checkStep >= STALL_STEPS) {
      if (st.checkLoss - st.best < STALL_REL * st.checkLoss) { st.status = 2u; }
      st.checkTime = max(st.t, 1.0);
      st.checkStep = st.steps;
      st.checkLoss = st.best;
      if (st.status != 0u) { break; }
    }
  }
  if (st.status == 0u) {
    if (!finite(L)) { st.status = 5u; } else if (L < FLOOR) { st.status = 1u; }
  }
  st.loss = L;
  students[s] = st;
}
`;
}

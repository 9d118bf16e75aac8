/**
 * Split at initialization (App. F.3, E.2; Figs. 6, E7, E8): a width-m softplus student on the
 * `fig6` teacher trained by gradient flow from a Glorot-normal init, and width-(m+1) students
 * from the *same* init with one neuron split (γ = ½ + ε; both copies keep the incoming weights,
 * outgoing weights γa and (1−γ)a, so the function is unchanged). Compensation of the copies'
 * slower incoming dynamics (their gradient is γ and 1−γ times the original's, eq. 21):
 *   none      — Fig. 6;
 *   incoming  — the paper's 1/γ, 1/(1−γ) on the copies' incoming weights and bias (Fig. E7);
 *   full      — also γ, 1−γ on their outgoing weights (splitTimeScale), which keeps γa + (1−γ)a
 *               moving like the original a: the flows then coincide (docs/results/figE7-split-at-init.json).
 * Each condition is one run (resumable); it keeps its loss curve and every hidden unit's incoming
 * weights along the trajectory (runs.jsonl `extra`).
 */
import {
  analyzePoint,
  computeLandscape,
  initialize,
  landscapePlane,
  projectTrajectory,
  predict,
  Rng,
  splitNeuron,
  splitTimeScale,
  teacherDataset,
  teacherNetwork,
  trainNetwork,
  twoLayerArchitecture,
  unitIndices,
  type Network,
} from '../../native-workers/engine';
import { checkKnown, intParam } from './params';
import { chartSvg, panels, type Series } from './plot';
import { RecipeError, type RecipeDefinition, type RecipeOutput, type RecipeParams, type RunJob, type RunRecord } from './types';

export const COMPENSATIONS = ['none', 'incoming', 'full'] as const;
export type Compensation = (typeof COMPENSATIONS)[number];

export interface SplitCondition {
  /** Run condition name in runs.jsonl ('small' = the unsplit width-m network). */
  readonly name: string;
  /** null for the unsplit network. */
  readonly compensation: Compensation | null;
  readonly label: string;
}

/** Direction of the optional split-difference perturbation (incoming w₁, w₂, bias), as in scripts/figE7-split-at-init.ts. */
const PERTURB_DIRECTION = [0.6, -0.3, 0.74];

function numberParam(given: Partial<RecipeParams>, defaults: RecipeParams, key: string, min: number, max: number, flag = `--${key}`): number {
  const v = given[key] ?? defaults[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new RecipeError(`${flag} must be a number in [${min}, ${max}], got ${String(v)}`);
  return v;
}

/** The two networks at t = 0: the width-m init and its split (function unchanged). */
export function splitAtInit(params: RecipeParams): { small: Network; split: ReturnType<typeof splitNeuron> } {
  const width = params.width as number;
  const arch = twoLayerArchitecture(2, width, 1, 'softplus');
  const small = { architecture: arch, theta: initialize(arch, 'glorot_normal', new Rng(params.seed as number)) };
  const perturb = params.perturb as number;
  const split = splitNeuron(small, {
    layer: 0,
    neuron: (params.neuron as number) - 1,
    gamma: 0.5 + (params.epsilon as number),
    ...(perturb !== 0 ? { perturb, direction: Float64Array.from(PERTURB_DIRECTION) } : {}),
  });
  return { small, split };
}

/** max_n |f_small(x_n) − f_split(x_n)| on the training data at t = 0. */
export function initFunctionGap(params: RecipeParams): number {
  const data = teacherDataset('fig6', { samples: params.samples as number });
  const { small, split } = splitAtInit(params);
  const a = predict(small.architecture, small.theta, data.X, data.count);
  const b = predict(split.network.architecture, split.network.theta, data.X, data.count);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

function runCondition(params: RecipeParams, condition: SplitCondition, stopped: () => boolean): RunRecord {
  const t0 = performance.now();
  const data = teacherDataset('fig6', { samples: params.samples as number });
  const { small, split } = splitAtInit(params);
  const network = condition.compensation === null ? small : split.network;
  const timeScale =
    condition.compensation === 'incoming' ? splitTimeScale(split, 0, { outgoing: false }) : condition.compensation === 'full' ? splitTimeScale(split, 0) : undefined;
  const tol = params.tolerance as number;
  const outcome = trainNetwork(network, data, {
    method: 'flow',
    relTol: tol,
    absTol: tol,
    maxSteps: params.maxSteps as number,
    snapshots: params.snapshots as number,
    shouldStop: stopped,
    ...(timeScale ? { timeScale } : {}),
  });
  const analysis = stopped() ? null : analyzePoint(outcome.network, data);
  const m = network.architecture.layers[0].outputs;
  const extra: Record<string, number[]> = {
    time: [...outcome.trajectory.times],
    loss: [...outcome.trajectory.losses],
    curveTime: [...outcome.trajectory.curve.times],
    curveLoss: [...outcome.trajectory.curve.losses],
  };
  // Every θ snapshot, flattened (snapshots × P): the escape × curvature panel projects them.
  const flat: number[] = [];
  for (const th of outcome.trajectory.thetas) for (let p = 0; p < th.length; p++) flat.push(th[p]);
  extra.theta = flat;
  for (let j = 0; j < m; j++) {
    const idx = unitIndices(network.architecture, 0, j).incoming;
    extra[`w${j}_x`] = outcome.trajectory.thetas.map((th) => th[idx[0]]);
    extra[`w${j}_y`] = outcome.trajectory.thetas.map((th) => th[idx[1]]);
  }
  return {
    id: `${condition.name}-m${m}-s${params.seed as number}`,
    condition: condition.name,
    width: m,
    seed: params.seed as number,
    loss: analysis?.loss ?? outcome.loss,
    gradNorm: analysis?.gradNorm ?? outcome.gradNorm,
    classification: analysis?.classification ?? null,
    stoppedBy: outcome.phases.map((p) => `${p.method}: ${p.stoppedBy}`).join('; ').slice(0, 100),
    steps: outcome.steps,
    odeTime: outcome.phases[0]?.time ?? null,
    seconds: (performance.now() - t0) / 1000,
    finalTheta: [...outcome.theta],
    extra,
  };
}

/** Loss of a run at time t (log–log interpolation of its loss curve, linear from t = 0; its last loss after its end). */
function lossAt(run: RunRecord, t: number): number {
  const ts = run.extra!.curveTime;
  const ls = run.extra!.curveLoss;
  if (t <= ts[0]) return ls[0];
  for (let k = 1; k < ts.length; k++)
    if (ts[k] >= t) {
      if (!(ts[k - 1] > 0)) return ls[k - 1] + ((t - ts[k - 1]) / (ts[k] - ts[k - 1])) * (ls[k] - ls[k - 1]); // from t = 0: linear
      const f = (Math.log(t) - Math.log(ts[k - 1])) / (Math.log(ts[k]) - Math.log(ts[k - 1]));
      return Math.exp(Math.log(ls[k - 1]) + f * (Math.log(ls[k]) - Math.log(ls[k - 1])));
    }
  return ls[ls.length - 1];
}

const COLORS = ['#1f77b4', '#2ca02c', '#9467bd', '#d62728', '#ff7f0e', '#8c564b'];
const RUN_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e'];
const lg = (v: number) => (v > 0 ? Math.log10(v) : -Infinity);

/**
 * Fig. 6 (right): the escape × curvature plane θ* + αu + βv at the width-3 minimum's level — θ* the
 * small run's end point split exactly like the init (same neuron and γ, no perturbation: L(θ*) is the
 * width-3 minimum's loss), u the most negative and v the largest Hessian eigenvector at θ* — with
 * the split run's trajectory projected onto it, in two parts: up to the snapshot closest to θ*
 * (the approach, orthogonal to the escape direction) and after it (along the escape direction).
 * Symmetric ranges around 0 with an odd resolution, so the grid's centre node is θ* itself.
 */
export interface EscapePlane {
  readonly centre: Float64Array;
  readonly centreLoss: number;
  readonly u: Float64Array;
  readonly v: Float64Array;
  readonly axes: [string, string];
  readonly resolution: number;
  readonly alpha: Float64Array;
  readonly beta: Float64Array;
  /** loss[i·resolution + k] = L(θ* + alpha[k]·u + beta[i]·v). */
  readonly loss: Float64Array;
  /** The split run's θ snapshots on the plane. */
  readonly trajectory: { alpha: Float64Array; beta: Float64Array; offPlane: Float64Array };
  /** Index of the snapshot closest to θ*: part 1 is [0, boundary], part 2 [boundary, end]. */
  readonly boundary: number;
}

export function escapePlane(params: RecipeParams, small: RunRecord, split: RunRecord, resolution = 41): EscapePlane {
  const data = teacherDataset('fig6', { samples: params.samples as number });
  const arch = twoLayerArchitecture(2, params.width as number, 1, 'softplus');
  const centre = splitNeuron(
    { architecture: arch, theta: Float64Array.from(small.finalTheta) },
    { layer: 0, neuron: (params.neuron as number) - 1, gamma: 0.5 + (params.epsilon as number) },
  ).network;
  const plane = landscapePlane({ kind: 'escape-curvature' }, centre, data);
  const P = centre.theta.length;
  const flat = split.extra!.theta;
  const thetas = Array.from({ length: flat.length / P }, (_, t) => Float64Array.from(flat.slice(t * P, (t + 1) * P)));
  const trajectory = projectTrajectory(centre.theta, plane.u, plane.v, thetas);
  let A = 0;
  let B = 0;
  for (let t = 0; t < thetas.length; t++) {
    A = Math.max(A, Math.abs(trajectory.alpha[t]));
    B = Math.max(B, Math.abs(trajectory.beta[t]));
  }
  A = Math.max(1.1 * A, 1e-6);
  B = Math.max(1.1 * B, 1e-6);
  const R = resolution % 2 === 1 ? resolution : resolution + 1;
  const grid = computeLandscape(centre, data, { plane: { kind: 'explicit', u: plane.u, v: plane.v }, resolution: R, alphaRange: [-A, A], betaRange: [-B, B] })!;
  let boundary = 0;
  let best = Infinity;
  thetas.forEach((th, t) => {
    let d = 0;
    for (let p = 0; p < P; p++) d += (th[p] - centre.theta[p]) ** 2;
    if (d < best) {
      best = d;
      boundary = t;
    }
  });
  return {
    centre: centre.theta,
    centreLoss: grid.originLoss,
    u: plane.u,
    v: plane.v,
    axes: [plane.axes[0].label, plane.axes[1].label],
    resolution: R,
    alpha: grid.alpha,
    beta: grid.beta,
    loss: grid.loss,
    trajectory,
    boundary,
  };
}

const VIRIDIS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

function viridis(f: number): string {
  const x = Math.min(1, Math.max(0, f)) * (VIRIDIS.length - 1);
  const k = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const c = VIRIDIS[k].map((a, i) => Math.round(a + (x - k) * (VIRIDIS[k + 1][i] - a)));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Heat map of log₁₀ L on the plane, the level set L = L(θ*) (marching squares) and the two trajectory parts. */
export function escapePlaneSvg(title: string, plane: EscapePlane, w = 700, h = 420): string {
  const m = { left: 72, right: 250, top: 40, bottom: 56 };
  const R = plane.resolution;
  const [a0, a1] = [plane.alpha[0], plane.alpha[R - 1]];
  const [b0, b1] = [plane.beta[0], plane.beta[R - 1]];
  const px = (a: number) => m.left + ((a - a0) / (a1 - a0)) * (w - m.left - m.right);
  const py = (b: number) => h - m.bottom - ((b - b0) / (b1 - b0)) * (h - m.top - m.bottom);
  const logs = Array.from(plane.loss, (l) => Math.log10(Math.max(l, 1e-300)));
  const lo = Math.min(...logs);
  const hi = Math.max(...logs);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="Latin Modern Roman, CMU Serif, Times New Roman, Liberation Serif, DejaVu Serif, serif">`);
  parts.push(`<rect width="${w}" height="${h}" fill="white"/>`);
  parts.push(`<text x="${m.left}" y="24" font-size="15">${title.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`);
  const cw = (w - m.left - m.right) / R;
  const ch = (h - m.top - m.bottom) / R;
  for (let i = 0; i < R; i++)
    for (let k = 0; k < R; k++)
      parts.push(`<rect x="${(m.left + k * cw).toFixed(2)}" y="${(h - m.bottom - (i + 1) * ch).toFixed(2)}" width="${(cw + 0.3).toFixed(2)}" height="${(ch + 0.3).toFixed(2)}" fill="${viridis((logs[i * R + k] - lo) / (hi - lo || 1))}"/>`);
  // Level set L = L(θ*): segments between the edge crossings of each grid cell.
  const level = Math.log10(plane.centreLoss);
  const at = (i: number, k: number) => logs[i * R + k] - level;
  const cross = (a: number, b: number, fa: number, fb: number) => a + (fa / (fa - fb)) * (b - a);
  const segs: string[] = [];
  for (let i = 0; i + 1 < R; i++)
    for (let k = 0; k + 1 < R; k++) {
      const pts: [number, number][] = [];
      const f00 = at(i, k), f01 = at(i, k + 1), f10 = at(i + 1, k), f11 = at(i + 1, k + 1);
      if (f00 > 0 !== f01 > 0) pts.push([cross(plane.alpha[k], plane.alpha[k + 1], f00, f01), plane.beta[i]]);
      if (f10 > 0 !== f11 > 0) pts.push([cross(plane.alpha[k], plane.alpha[k + 1], f10, f11), plane.beta[i + 1]]);
      if (f00 > 0 !== f10 > 0) pts.push([plane.alpha[k], cross(plane.beta[i], plane.beta[i + 1], f00, f10)]);
      if (f01 > 0 !== f11 > 0) pts.push([plane.alpha[k + 1], cross(plane.beta[i], plane.beta[i + 1], f01, f11)]);
      for (let q = 0; q + 1 < pts.length; q += 2) segs.push(`M${px(pts[q][0]).toFixed(2)},${py(pts[q][1]).toFixed(2)}L${px(pts[q + 1][0]).toFixed(2)},${py(pts[q + 1][1]).toFixed(2)}`);
    }
  if (segs.length) parts.push(`<path d="${segs.join('')}" stroke="white" stroke-width="1.2" fill="none" stroke-dasharray="3 2"/>`);
  const { alpha, beta } = plane.trajectory;
  const line = (from: number, to: number, color: string) => {
    const pts: string[] = [];
    for (let t = from; t <= to; t++) pts.push(`${px(alpha[t]).toFixed(2)},${py(beta[t]).toFixed(2)}`);
    return `<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`;
  };
  const last = alpha.length - 1;
  parts.push(line(0, plane.boundary, '#ff7f0e'));
  parts.push(line(plane.boundary, last, '#d62728'));
  parts.push(`<circle cx="${px(0).toFixed(2)}" cy="${py(0).toFixed(2)}" r="4" fill="white" stroke="black"/>`);
  parts.push(`<circle cx="${px(alpha[last]).toFixed(2)}" cy="${py(beta[last]).toFixed(2)}" r="4" fill="black"/>`);
  const x0 = m.left, x1 = w - m.right, y0 = h - m.bottom, y1 = m.top;
  parts.push(`<path d="M${x0},${y1}V${y0}H${x1}" stroke="black" fill="none"/>`);
  for (const [val, label] of [[a0, a0.toPrecision(3)], [0, '0'], [a1, a1.toPrecision(3)]] as const) parts.push(`<text x="${px(val)}" y="${y0 + 18}" font-size="12" text-anchor="middle">${label}</text>`);
  for (const [val, label] of [[b0, b0.toPrecision(3)], [0, '0'], [b1, b1.toPrecision(3)]] as const) parts.push(`<text x="${x0 - 6}" y="${py(val) + 4}" font-size="12" text-anchor="end">${label}</text>`);
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  parts.push(`<text x="${(x0 + x1) / 2}" y="${h - 14}" font-size="13" text-anchor="middle">α: ${esc(plane.axes[0])}</text>`);
  parts.push(`<text transform="translate(18,${(y0 + y1) / 2}) rotate(-90)" font-size="13" text-anchor="middle">β: ${esc(plane.axes[1])}</text>`);
  const legend: [string, string][] = [
    ['#ff7f0e', 'split run: approach (orthogonal)'],
    ['#d62728', 'split run: escape'],
    ['white', `L = L(θ*) = ${plane.centreLoss.toExponential(3)}`],
  ];
  legend.forEach(([color, text], k) => {
    const ly = m.top + 8 + k * 20;
    parts.push(`<line x1="${x1 + 14}" x2="${x1 + 36}" y1="${ly}" y2="${ly}" stroke="${color === 'white' ? '#555' : color}" stroke-width="2"${color === 'white' ? ' stroke-dasharray="3 2"' : ''}/>`);
    parts.push(`<text x="${x1 + 42}" y="${ly + 4}" font-size="12">${esc(text)}</text>`);
  });
  parts.push(`<text x="${x1 + 14}" y="${m.top + 84}" font-size="12">log₁₀ L: ${lo.toFixed(1)} (dark) … ${hi.toFixed(1)} (light)</text>`);
  parts.push(`<text x="${x1 + 14}" y="${m.top + 104}" font-size="12">○ θ* (width-3 min, split)  ● end</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

export function splitOutput(title: string, conditions: readonly SplitCondition[], params: RecipeParams, runs: readonly RunRecord[], options: { plane?: boolean } = {}): RecipeOutput {
  const byName = new Map(runs.map((r) => [r.condition, r]));
  const small = byName.get('small')!;
  const smallMin = small.loss;
  // When the small network is within 1e-3 (relative) of its minimum: the split runs' loss curves are compared up to then.
  const approach = small.extra!.curveTime.find((_t, k) => small.extra!.curveLoss[k] - smallMin <= 1e-3 * smallMin) ?? small.odeTime ?? 0;
  const rows = conditions.map((c) => {
    const r = byName.get(c.name)!;
    // Separation: the first time t ≥ 1 (on the small run's curve) the loss curves differ by > 1 % relative.
    // (Before t = 1 the recorded curves are too sparse for the interpolation to resolve 1 %.)
    const gapAt = (t: number) => Math.abs(lossAt(r, t) - lossAt(small, t)) / lossAt(small, t);
    const ts = small.extra!.curveTime.filter((t) => t >= 1);
    const separatedAt = c.compensation === null ? null : (ts.find((t) => gapAt(t) > 1e-2) ?? null);
    const curveGap = c.compensation === null ? 0 : Math.max(0, ...ts.filter((t) => t <= approach).map(gapAt));
    // Escape: the first time the split run is 1 % below the small network's minimum.
    const k = r.extra!.curveLoss.findIndex((l) => l < 0.99 * smallMin);
    return {
      condition: c.name,
      label: c.label,
      compensation: c.compensation,
      width: r.width,
      loss: r.loss,
      classification: r.classification,
      gradNorm: r.gradNorm,
      odeTime: r.odeTime,
      stoppedBy: r.stoppedBy,
      seconds: r.seconds,
      belowSmallMinimumAt: c.compensation === null || k < 0 ? null : r.extra!.curveTime[k],
      maxRelativeLossGapUntilApproach: curveGap,
      lossCurvesSeparateAt: separatedAt,
      lossRatioToSmall: smallMin / r.loss,
    };
  });
  const splitRun = byName.get('split');
  const plane = options.plane && splitRun?.extra?.theta ? escapePlane(params, small, splitRun) : null;
  const gap = initFunctionGap(params);
  const summary = {
    teacher: 'fig6',
    lossConvention: 'L = (1/N) sum_n (f(x_n) - y_n)^2',
    gamma: 0.5 + (params.epsilon as number),
    maxFunctionDifferenceAtInit: gap,
    smallApproachTime: approach,
    conditions: rows,
    ...(plane
      ? {
          escapePlane: {
            centre: 'the width-m end point split like the init (same neuron, γ; no perturbation)',
            centreLoss: plane.centreLoss,
            axes: plane.axes,
            resolution: plane.resolution,
            alphaRange: [plane.alpha[0], plane.alpha[plane.resolution - 1]],
            betaRange: [plane.beta[0], plane.beta[plane.resolution - 1]],
            boundarySnapshot: plane.boundary,
            snapshots: plane.trajectory.alpha.length,
            maxOffPlane: Math.max(...plane.trajectory.offPlane),
          },
        }
      : {}),
  };
  const curves: Series[] = conditions.map((c, k) => {
    const r = byName.get(c.name)!;
    const pts = r.extra!.curveTime.map((t, i) => ({ x: lg(t), y: lg(r.extra!.curveLoss[i]) })).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    return { name: `${c.label}: ${r.loss.toExponential(2)}`, kind: 'line', color: RUN_COLORS[k % RUN_COLORS.length], dash: k === 0 ? undefined : '5 3', points: pts };
  });
  const allLoss = curves.flatMap((s) => s.points.map((p) => p.y));
  const lossChart = chartSvg({ title: `${title}: loss curves`, xLabel: 'log₁₀ t (gradient-flow time)', yLabel: 'loss', yLog10: true, yMin: Math.max(-32, Math.floor(Math.min(...allLoss))), yMax: Math.ceil(Math.max(...allLoss)), series: curves });
  const teacher = teacherNetwork('fig6');
  const tm = teacher.architecture.layers[0].outputs;
  const crosses = Array.from({ length: tm }, (_, j) => {
    const idx = unitIndices(teacher.architecture, 0, j).incoming;
    return { x: teacher.theta[idx[0]], y: teacher.theta[idx[1]] };
  });
  const weightCharts = conditions.map((c) => {
    const r = byName.get(c.name)!;
    const series: Series[] = [];
    for (let j = 0; j < r.width; j++) {
      const xs = r.extra![`w${j}_x`];
      const ys = r.extra![`w${j}_y`];
      series.push({ name: `neuron ${j + 1}`, kind: 'line', color: COLORS[j % COLORS.length], points: xs.map((x, i) => ({ x, y: ys[i] })) });
    }
    series.push({ name: 'end points', kind: 'points', color: 'black', points: series.map((s) => s.points[s.points.length - 1]) });
    series.push({ name: 'teacher weights', kind: 'points', color: '#999', points: crosses });
    return chartSvg({ title: `${c.label} (width ${r.width}): incoming weights (w₁, w₂)`, xLabel: 'w₁', yLabel: 'w₂', series });
  });
  const planeCharts = plane ? [escapePlaneSvg(`${title} (right): escape × curvature plane at the width-${params.width} minimum's level`, plane)] : [];
  const svg = panels([lossChart, ...weightCharts, ...planeCharts], 2);
  const arrays = runs.flatMap((r) =>
    Object.entries(r.extra ?? {}).map(([key, v]) => {
      const P = key === 'theta' ? r.finalTheta.length : 0;
      return { name: `${r.condition}_${key}`, data: Float64Array.from(v), shape: P ? [v.length / P, P] : [v.length] };
    }),
  );
  if (plane) {
    const R = plane.resolution;
    const T = plane.trajectory.alpha.length;
    arrays.push(
      { name: 'plane_centre', data: Float64Array.from(plane.centre), shape: [plane.centre.length] },
      { name: 'plane_u', data: Float64Array.from(plane.u), shape: [plane.u.length] },
      { name: 'plane_v', data: Float64Array.from(plane.v), shape: [plane.v.length] },
      { name: 'plane_alpha', data: Float64Array.from(plane.alpha), shape: [R] },
      { name: 'plane_beta', data: Float64Array.from(plane.beta), shape: [R] },
      { name: 'plane_loss', data: Float64Array.from(plane.loss), shape: [R, R] },
      { name: 'plane_traj_alpha', data: Float64Array.from(plane.trajectory.alpha), shape: [T] },
      { name: 'plane_traj_beta', data: Float64Array.from(plane.trajectory.beta), shape: [T] },
      { name: 'plane_traj_offplane', data: Float64Array.from(plane.trajectory.offPlane), shape: [T] },
      { name: 'plane_boundary', data: Float64Array.of(plane.boundary), shape: [1] },
    );
  }
  const table = [
    `${title}: fig6 teacher, width ${params.width} → ${(params.width as number) + 1}, init seed ${params.seed}, split neuron ${params.neuron as number}, γ = ½ + ${params.epsilon}`,
    `max|Δf| at init = ${gap.toExponential(3)}`,
    'condition   width  final loss   class        loss curves separate (>1 %) at t     below small min at t',
    ...rows.map(
      (r) =>
        `${r.condition.padEnd(11)} ${String(r.width).padEnd(6)} ${r.loss.toExponential(3).padEnd(12)} ${String(r.classification).padEnd(12)} ${(r.lossCurvesSeparateAt === null ? '—' : r.lossCurvesSeparateAt.toExponential(3)).padEnd(35)} ${r.belowSmallMinimumAt === null ? '—' : r.belowSmallMinimumAt.toExponential(3)}`,
    ),
  ].join('\n');
  return { summary, arrays, svg, table };
}

export interface SplitRecipeSpec {
  readonly name: string;
  readonly summary: string;
  readonly caption: string;
  readonly title: string;
  readonly conditions: readonly SplitCondition[];
  readonly defaults: { seed: number; width: number; neuron: number; epsilon: number; perturb: number; tolerance: number };
  /** Add the escape × curvature plane panel (Fig. 6, right) from the 'split' run. */
  readonly plane?: boolean;
}

export function splitRecipe(spec: SplitRecipeSpec): RecipeDefinition {
  const defaults: RecipeParams = { ...spec.defaults, samples: 1600, maxSteps: 200_000, snapshots: 200 };
  return {
    name: spec.name,
    // v2: runs keep every θ snapshot (extra.theta) for the plane panel
    version: spec.plane ? 2 : 1,
    summary: spec.summary,
    caption: spec.caption,
    defaults,
    resolve(given) {
      checkKnown(given, defaults, spec.name);
      const width = intParam(given, defaults, 'width', 1, 64);
      return {
        seed: intParam(given, defaults, 'seed', 0, 2 ** 31 - 1),
        width,
        neuron: intParam(given, defaults, 'neuron', 1, width),
        epsilon: numberParam(given, defaults, 'epsilon', -0.49, 0.49),
        perturb: numberParam(given, defaults, 'perturb', -1, 1),
        tolerance: numberParam(given, defaults, 'tolerance', 1e-14, 1e-3),
        samples: intParam(given, defaults, 'samples', 1, 1_000_000),
        maxSteps: intParam(given, defaults, 'maxSteps', 1, 100_000_000, '--max-steps'),
        snapshots: intParam(given, defaults, 'snapshots', 2, 5000),
      };
    },
    plan(params): RunJob[] {
      return spec.conditions.map((c) => {
        const width = (params.width as number) + (c.compensation === null ? 0 : 1);
        return {
          planned: { id: `${c.name}-m${width}-s${params.seed as number}`, condition: c.name, width, seed: params.seed as number, index: 0 },
          payload: null,
          compute: (stopped) => runCondition(params, c, stopped),
        };
      });
    },
    finish(params, runs) {
      return splitOutput(spec.title, spec.conditions, params, runs, { plane: spec.plane === true });
    },
  };
}

const SMALL: SplitCondition = { name: 'small', compensation: null, label: 'small' };

export const fig6SplitRecipe = splitRecipe({
  name: 'fig6-split-at-init',
  summary: 'Fig. 6 (App. F.3): width 3 vs the same init with neuron 3 split (γ = ½ + ε), loss curves and weight trajectories',
  caption:
    'Fig. 6: 3- and 4-neuron MLPs trained on a 4-neuron teacher share initializations except for a split neuron. Left: training of the large network slows down around the small network’s minimum, then escapes. Middle: input weights; the split neurons follow identical trajectories up to the saddle, then specialize and converge to the teacher weights (grey).',
  title: 'Fig. 6',
  conditions: [SMALL, { name: 'split', compensation: 'none', label: 'split, no compensation' }],
  defaults: { seed: 4, width: 3, neuron: 3, epsilon: 1e-15, perturb: 0, tolerance: 1e-6 },
  plane: true,
});

export const figE7Recipe = splitRecipe({
  name: 'figE7-split-at-init',
  summary: 'Fig. E7 (App. E.2): split at init with 1/γ compensation (incoming only, the paper) and full compensation (γ on outgoing too)',
  caption:
    'Fig. E7: as Fig. 6, with the learning rate of the split neurons’ input weights scaled by 1/γ to compensate the speed difference; the paper reports identical dynamics. Here also full compensation (outgoing weights scaled by γ as well), which is what keeps the flows identical.',
  title: 'Fig. E7',
  conditions: [
    SMALL,
    { name: 'incoming', compensation: 'incoming', label: 'split, incoming 1/γ' },
    { name: 'full', compensation: 'full', label: 'split, full compensation' },
  ],
  defaults: { seed: 4, width: 3, neuron: 2, epsilon: 0, perturb: 1e-8, tolerance: 1e-10 },
});

export const figE8Recipe = splitRecipe({
  name: 'figE8-split-at-init',
  summary: 'Fig. E8 (App. E.3): 4 → 5 neurons; the width-4 minimum becomes a saddle and the flow escapes to a lower, non-global minimum',
  caption:
    'Fig. E8: as Fig. E7, but starting with a 4-neuron student and expanding to 5 neurons (same 4-neuron teacher). The width-4 sub-optimal minimum becomes a saddle in the 5-neuron landscape; gradient descent escapes it and reaches a lower loss — here not the global minimum but another local minimum.',
  title: 'Fig. E8',
  conditions: [
    SMALL,
    { name: 'split', compensation: 'none', label: 'split, no compensation' },
    { name: 'incoming', compensation: 'incoming', label: 'split, incoming 1/γ' },
  ],
  defaults: { seed: 1, width: 4, neuron: 4, epsilon: 1e-15, perturb: 0, tolerance: 1e-6 },
});

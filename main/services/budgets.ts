/**
 * Work and memory estimates, checked BEFORE a job starts (studio API and CLI alike), against
 * limits that scale with the machine's memory. The machine's size is passed in (os.totalmem() at
 * the caller), so these functions stay pure and testable.
 *
 * The byte models are upper-bound style estimates of the engine's largest allocations:
 * - the dense Hessian is P² doubles; training keeps ~5 P×P matrices alive at its peak (the
 *   Rosenbrock flow's Jacobian, its W = I − γhJ and LU factor, then the certification's Hessian,
 *   eigenvectors and tridiagonalization workspace) — measured: width 3000 (P = 12,001) peaked at
 *   5.3 GB ≈ 4.6 × 8P²; analyze keeps ~3 (Hessian, eigenvectors, workspace);
 * - per sample and hidden unit the kernels keep pre-activations, activations and σ′, σ″ (4 doubles);
 * - the dataset is N × (d + k) doubles; a trajectory at most 256 θ snapshots;
 * - the extremal spectrum (Lanczos on HVPs, engine/analysis/spectrum.ts) keeps a Krylov basis of
 *   at most ~20 vectors per wanted eigenpair (≥ 200): O(P·k), no P×P matrix;
 * - gd / adam without polish never form a Hessian; their certification is dense only up to the
 *   engine's dense limit (2,000 parameters), extremal above.
 */

export interface MachineLimits {
  readonly totalMemoryBytes: number;
  /** Memory one job may use: a quarter of the machine (the pool runs jobs side by side). */
  readonly jobBytes: number;
  /** Runs queued or running at once across all batches (each queued run costs ~100 bytes). */
  readonly maxQueuedRuns: number;
  /** Unit evaluations (grid points × samples × hidden units) one landscape or surface may cost. */
  readonly maxGridWork: number;
}

export function machineLimits(totalMemoryBytes: number): MachineLimits {
  if (!(totalMemoryBytes > 0)) throw new RangeError(`totalMemoryBytes must be positive, got ${totalMemoryBytes}`);
  return {
    totalMemoryBytes,
    jobBytes: Math.floor(totalMemoryBytes / 4),
    maxQueuedRuns: Math.min(100_000, Math.max(1_000, Math.floor(totalMemoryBytes / 2 ** 20))),
    // ~1e11 unit evaluations ≈ a few minutes of one core; larger grids must be asked for in parts.
    maxGridWork: 1e11,
  };
}

/** What the estimates need to know about a network. */
export interface NetShape {
  readonly parameters: number;
  /** Units whose activations are kept per sample (every layer's outputs). */
  readonly units: number;
  readonly inputDim: number;
  readonly outputDim: number;
}

export interface LayerShape {
  readonly inputs: number;
  readonly outputs: number;
  readonly bias: boolean;
}

export function layersShape(layers: readonly LayerShape[]): NetShape {
  let parameters = 0;
  let units = 0;
  for (const l of layers) {
    parameters += l.inputs * l.outputs + (l.bias ? l.outputs : 0);
    units += l.outputs;
  }
  return { parameters, units, inputDim: layers[0]?.inputs ?? 0, outputDim: layers[layers.length - 1]?.outputs ?? 0 };
}

/** d → m → k with biases on both layers (an upper bound for the studio's students). */
export function twoLayerShape(inputDim: number, width: number, outputDim: number): NetShape {
  return layersShape([
    { inputs: inputDim, outputs: width, bias: true },
    { inputs: width, outputs: outputDim, bias: true },
  ]);
}

const TRAIN_HESSIAN_COPIES = 5;
const ANALYZE_HESSIAN_COPIES = 3;
const DOUBLES_PER_SAMPLE_UNIT = 4;
const MAX_SNAPSHOTS = 256;

function dataBytes(shape: NetShape, samples: number): number {
  return 8 * samples * (shape.inputDim + shape.outputDim + DOUBLES_PER_SAMPLE_UNIT * shape.units);
}

/** The engine's default: dense spectrum up to this many parameters, extremal above (SPECTRUM_DEFAULTS.denseLimit). */
export const DENSE_SPECTRUM_LIMIT = 2000;

function extremalBytes(P: number, eigenpairs: number): number {
  return 8 * P * Math.max(200, 20 * eigenpairs);
}

/** `denseHessian`: the trainer forms P×P matrices (flow's Rosenbrock Jacobian, Newton polish). */
export function trainBytes(shape: NetShape, samples: number, denseHessian = true): number {
  const P = shape.parameters;
  const hessian = denseHessian
    ? 8 * TRAIN_HESSIAN_COPIES * P * P
    : P <= DENSE_SPECTRUM_LIMIT
      ? 8 * ANALYZE_HESSIAN_COPIES * P * P
      : extremalBytes(P, 15);
  return hessian + dataBytes(shape, samples) + 8 * MAX_SNAPSHOTS * P;
}

/** `dense`: every eigenvalue (P×P); otherwise `eigenpairs` extremal ones by Lanczos. */
export function analyzeBytes(shape: NetShape, samples: number, dense = true, eigenpairs = 15): number {
  const P = shape.parameters;
  return (dense ? 8 * ANALYZE_HESSIAN_COPIES * P * P : extremalBytes(P, eigenpairs)) + dataBytes(shape, samples);
}

export function gridWork(resolution: number, shape: NetShape, samples: number): number {
  return resolution * resolution * samples * Math.max(1, shape.units);
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let u = 0;
  while (value >= 1000 && u < units.length - 1) {
    value /= 1000;
    u++;
  }
  return `${value >= 100 || u === 0 ? value.toFixed(0) : value.toPrecision(2)} ${units[u]}`;
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Largest integer v in [1, upTo] with fits(v), or 0 when not even 1 fits (fits must be monotone). */
export function largestFitting(upTo: number, fits: (v: number) => boolean): number {
  if (!fits(1)) return 0;
  let lo = 1;
  let hi = Math.max(1, Math.floor(upTo));
  if (fits(hi)) return hi;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

export interface TrainRequestShape {
  /** Field names in the caller's words (API path or CLI flag). */
  readonly widthField: string;
  readonly samplesField: string;
  readonly width: number;
  readonly samples: number;
  /** The network for a width (lets the check say which width would fit). */
  readonly shapeFor: (width: number) => NetShape;
  /** False for gd / adam without polish (no P×P matrix while training). */
  readonly denseHessian?: boolean;
}

/** Null when a training run fits one job's memory; otherwise what is too large and what would fit. */
export function trainProblem(request: TrainRequestShape, limits: MachineLimits): string | null {
  const { width, samples, shapeFor } = request;
  const dense = request.denseHessian ?? true;
  const estimate = (m: number, n: number): number => trainBytes(shapeFor(m), n, dense);
  const need = estimate(width, samples);
  if (need <= limits.jobBytes) return null;
  const P = shapeFor(width).parameters;
  const budget = `one job may use ${formatBytes(limits.jobBytes)} on this machine (a quarter of its ${formatBytes(limits.totalMemoryBytes)})`;
  const what = `${formatCount(P)} parameters${dense ? ` (a dense ${formatCount(P)}² Hessian)` : ''} and ${formatCount(samples)} samples`;
  const widthAlone = estimate(width, 1) > limits.jobBytes;
  if (widthAlone) {
    const best = largestFitting(width, (m) => estimate(m, samples) <= limits.jobBytes);
    return `${request.widthField}: ${formatCount(width)} needs about ${formatBytes(need)} for ${what}; ${budget}: ${best > 0 ? `at most ${formatCount(best)} fits with ${formatCount(samples)} samples` : 'no width fits with this many samples'}`;
  }
  const best = largestFitting(samples, (n) => estimate(width, n) <= limits.jobBytes);
  return `${request.samplesField}: ${formatCount(samples)} needs about ${formatBytes(need)} for ${what}; ${budget}: at most ${formatCount(best)} samples fit at width ${formatCount(width)}`;
}

/** Null when the analysis fits one job (dense: Hessian + full spectrum; else extremal eigenpairs); otherwise the problem and what fits. */
export function analyzeProblem(field: string, shape: NetShape, samples: number, limits: MachineLimits, dense = true, eigenpairs = 15): string | null {
  const need = analyzeBytes(shape, samples, dense, eigenpairs);
  if (need <= limits.jobBytes) return null;
  const P = shape.parameters;
  const bestP = largestFitting(P, (p) => analyzeBytes({ ...shape, parameters: p }, samples, dense, eigenpairs) <= limits.jobBytes);
  const how = dense
    ? `for the dense ${formatCount(P)}² Hessian and its full spectrum`
    : `for ${eigenpairs} extremal eigenpairs by Lanczos`;
  return (
    `${field}: ${formatCount(P)} parameters need about ${formatBytes(need)} ${how} ` +
    `(with ${formatCount(samples)} samples); one job may use ${formatBytes(limits.jobBytes)} on this machine: at most ${formatCount(bestP)} parameters fit` +
    (dense ? ` (spectrum.mode 'extremal' needs only P·k memory)` : '')
  );
}

/** Null when a loss grid of resolution² points is within the work limit; otherwise what fits. */
export function gridProblem(field: string, resolution: number, shape: NetShape, samples: number, limits: MachineLimits): string | null {
  const work = gridWork(resolution, shape, samples);
  if (work <= limits.maxGridWork) return null;
  const best = largestFitting(resolution, (r) => gridWork(r, shape, samples) <= limits.maxGridWork);
  return (
    `${field}: a ${resolution}×${resolution} grid costs ${work.toExponential(1)} unit evaluations (${formatCount(samples)} samples × ` +
    `${formatCount(shape.units)} units per point), the limit is ${limits.maxGridWork.toExponential(0)}: at most ${best}×${best} fits`
  );
}

/** Null when `adding` more runs fit in the queue next to `queued` ones. */
export function queueProblem(field: string, adding: number, queued: number, limits: MachineLimits): string | null {
  if (queued + adding <= limits.maxQueuedRuns) return null;
  const room = Math.max(0, limits.maxQueuedRuns - queued);
  return (
    `${field}: ${formatCount(adding)} more runs would make ${formatCount(queued + adding)} queued, the queue holds at most ` +
    `${formatCount(limits.maxQueuedRuns)} on this machine: ${formatCount(room)} more fit now (wait for queued runs or cancel a batch)`
  );
}

/**
 * A landscape: L(θ₀ + αu + βv) on a resolution × resolution grid of a plane through θ₀, computed
 * in blocks of row runs (so that a caller can report progress and stop), optionally completed
 * from an earlier coarser grid of the same request, plus given θ points placed on the plane with
 * their off-plane distance and loss. One code path for the studio (worker task) and the CLI.
 */
import type { Dataset, Network } from '../core/types';
import { createLossEvaluator } from '../derivatives/loss';
import { createPlaneEvaluator } from './createPlaneEvaluator';
import { LandscapeError } from './errors';
import { projectTrajectory } from './directions/projection';
import { gridAxes, validateGridSpec, type PlaneGridSpec } from './gridSpec';
import { landscapePlane, type AxisDescription, type LandscapePlaneSpec } from './planes';
import { evaluateTasks, scatterTasks, taskPointCount, type GridTask } from './progressive';
import { curvatureRange, fittedRange } from './ranges';
import { fullGridTasks, placeCoarse, refinementTasks } from './refinement';

export interface LandscapeOptions {
  readonly plane: LandscapePlaneSpec;
  readonly resolution: number;
  /** Absent: along an eigenvector `curvatureRange`, along other axes `fittedRange` of the projected points. */
  readonly alphaRange?: readonly [number, number] | null;
  readonly betaRange?: readonly [number, number] | null;
  /** An earlier grid of the same plane and ranges; used when its resolution nests, ignored otherwise. */
  readonly coarse?: { readonly resolution: number; readonly loss: ArrayLike<number> } | null;
  /** θ points to place on the plane (a trajectory, critical points). */
  readonly project?: readonly Float64Array[];
  /** Polled between blocks of rows; true stops the computation (the result is then null). */
  readonly shouldStop?: () => boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface LandscapeResult {
  readonly resolution: number;
  readonly alphaRange: [number, number];
  readonly betaRange: [number, number];
  readonly alpha: Float64Array;
  readonly beta: Float64Array;
  /** loss[i·resolution + k] = L(θ₀ + alpha[k]·u + beta[i]·v) (β-major rows); overflow clamped to Number.MAX_VALUE. */
  readonly loss: Float64Array;
  readonly u: Float64Array;
  readonly v: Float64Array;
  readonly axes: [AxisDescription, AxisDescription];
  readonly originLoss: number;
  readonly projection: {
    readonly alpha: Float64Array;
    readonly beta: Float64Array;
    readonly offPlane: Float64Array;
    /** L at the in-plane point (α, β): what the surface shows under the point. */
    readonly planeLoss: Float64Array;
    /** L at the point itself. */
    readonly loss: Float64Array;
  };
  /** Grid points taken from `coarse` instead of computed. */
  readonly reused: number;
  readonly parameterCount: number;
}

/** Task runs evaluated between two progress reports / stop checks. */
const BLOCK = 8;

/** Overflowing losses (far from θ₀) are clamped so that grids stay finite (JSON, files). */
function finite(x: number): number {
  return Number.isFinite(x) ? x : Number.MAX_VALUE;
}

function checkFits(network: Network, data: Dataset): void {
  const layers = network.architecture.layers;
  const inputs = layers[0]!.inputs;
  const outputs = layers[layers.length - 1]!.outputs;
  if (inputs !== data.inputDim) throw new LandscapeError(`data: inputs have ${data.inputDim} dimensions, the network expects ${inputs}`);
  if (outputs !== data.outputDim) throw new LandscapeError(`data: targets have ${data.outputDim} dimensions, the network outputs ${outputs}`);
}

export function computeLandscape(network: Network, data: Dataset, options: LandscapeOptions): LandscapeResult | null {
  checkFits(network, data);
  const theta = network.theta;
  const { u, v, axes } = landscapePlane(options.plane, network, data);
  const points = options.project ?? [];
  const projected = projectTrajectory(theta, u, v, points);
  const lossOf = createLossEvaluator(network.architecture, data);
  const originLoss = finite(lossOf.loss(theta));
  const defaultRange = (axis: AxisDescription, coordinates: Float64Array): [number, number] =>
    axis.eigenvalue !== null ? curvatureRange(axis.eigenvalue, originLoss) : fittedRange(coordinates);
  const spec: PlaneGridSpec = {
    alphaRange: options.alphaRange ? [options.alphaRange[0], options.alphaRange[1]] : defaultRange(axes[0], projected.alpha),
    betaRange: options.betaRange ? [options.betaRange[0], options.betaRange[1]] : defaultRange(axes[1], projected.beta),
    resolution: options.resolution,
  };
  validateGridSpec(spec);
  const R = spec.resolution;
  const evaluator = createPlaneEvaluator(network.architecture, theta, u, v, data);

  const loss = new Float64Array(R * R);
  let reused = 0;
  let tasks: GridTask[] = fullGridTasks(R);
  const refine = options.coarse ? refinementTasks(R, options.coarse.resolution) : null;
  if (options.coarse && refine) {
    reused = placeCoarse(loss, R, options.coarse);
    tasks = refine;
  }
  const total = taskPointCount(tasks);
  let done = 0;
  for (let start = 0; start < tasks.length; start += BLOCK) {
    if (options.shouldStop?.()) return null;
    const block = tasks.slice(start, start + BLOCK);
    scatterTasks(loss, R, block, evaluateTasks(evaluator, spec, block));
    done += taskPointCount(block);
    options.onProgress?.(done, total);
  }
  for (let i = 0; i < loss.length; i++) loss[i] = finite(loss[i]);

  const planeLoss = new Float64Array(points.length);
  const pointLoss = new Float64Array(points.length);
  const one = new Float64Array(1);
  points.forEach((p, t) => {
    evaluator.row(projected.beta[t], projected.alpha[t], 1, 1, one, 0);
    planeLoss[t] = finite(one[0]);
    pointLoss[t] = finite(lossOf.loss(p));
  });
  const { alphas, betas } = gridAxes(spec);
  return {
    resolution: R,
    alphaRange: [spec.alphaRange[0], spec.alphaRange[1]],
    betaRange: [spec.betaRange[0], spec.betaRange[1]],
    alpha: alphas,
    beta: betas,
    loss,
    u: Float64Array.from(u),
    v: Float64Array.from(v),
    axes,
    originLoss,
    projection: { alpha: projected.alpha, beta: projected.beta, offPlane: projected.offPlane, planeLoss, loss: pointLoss },
    reused,
    parameterCount: theta.length,
  };
}

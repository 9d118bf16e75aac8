/**
 * The near-kink set of a GPU end point, and the point moved onto it, for the CPU float64 finish
 * of ReLU students (finishTask.ts).
 *
 * Why: the float64 flow (Rosenbrock + Filippov sliding, engine/train/kinkSliding.ts) stops a
 * hidden unit's hyperplane exactly on a sample where the one-sided fields meet, and holds it
 * there (the sample sits a hair, δ = 1e-12·scale, on the inactive side: kinks.ts). The f32
 * explicit kernel has no kinks: its last steps carry the hyperplane past the sample by up to
 * a step's displacement, typically 1e-5…1e-4 of ‖w‖‖x‖ + |b|. When the far side is flat for
 * that unit (a unit dead on every other sample, say), nothing brings it back: the finish then
 * certifies a smooth local minimum a hair off the kink, at the same loss to 1e-15, where the
 * CPU-only run certified `kink-min` (docs/results/gpu-agreement-2026-12-02.txt, seeds 400002,
 * 400007). Snapping alone is not enough: the float64 flow joins a kink only when it sees it
 * crossed (kinkSliding.ts), and from a point a hair on the flat side it drifts off again (seen:
 * 1e-12 → 3.7e-9, outside analyzePoint's 1e-9). So the finish moves the f32 end point (minimal
 * Euclidean change) onto the kinks of the samples within the f32 resolution of a hyperplane and
 * starts its flow sliding on them (FlowOptions.initialKinks); the flow releases each whose
 * Filippov multiplier leaves [0,1] at once, as it does on the CPU-only path, so nothing is
 * certified that the float64 procedure does not certify.
 */
import { KinkManifold, type Architecture, type Dataset, type KinkConstraint } from '../engine';

/**
 * Relative distance |z|/(‖w‖‖x‖ + |b|) under which a sample counts as on a kink at an f32 end
 * point: ten times the kernel's relative tolerance 1e-5 (gpuBatch.ts GPU_FLOW_SETTINGS), the
 * overshoot seen (2e-5, 9e-5) lies inside it.
 */
export const NEAR_KINK_TOLERANCE = 1e-4;

/** Samples n within `tolerance` (relative) of unit j's hyperplane, nearest first. */
export function nearKinks(architecture: Architecture, data: Dataset, theta: Float64Array, tolerance = NEAR_KINK_TOLERANCE): KinkConstraint[] {
  if (!KinkManifold.supported(architecture)) return [];
  const hidden = architecture.layers[0]!;
  const d = hidden.inputs;
  const m = hidden.outputs;
  const found: { c: KinkConstraint; rel: number }[] = [];
  for (let j = 0; j < m; j++) {
    let w2 = 0;
    for (let i = 0; i < d; i++) w2 += theta[j * d + i]! ** 2;
    const b = hidden.bias ? theta[m * d + j]! : 0;
    for (let n = 0; n < data.count; n++) {
      let z = b;
      let x2 = 0;
      for (let i = 0; i < d; i++) {
        const x = data.X[n * d + i]!;
        z += theta[j * d + i]! * x;
        x2 += x * x;
      }
      const rel = Math.abs(z) / (Math.sqrt(w2 * x2) + Math.abs(b) + 1e-300);
      // Inactive side only: a sample on the active side the float64 flow meets and joins itself.
      if (z <= 0 && rel <= tolerance) found.push({ c: { unit: j, sample: n }, rel });
    }
  }
  return found.sort((a, b) => a.rel - b.rel).map((f) => f.c);
}

/**
 * θ moved onto the kinks of `kinks` (those independent of the nearer ones; kinks.ts
 * KinkManifold.add), with the constraints it holds. θ itself is not changed.
 */
export function snapToKinks(architecture: Architecture, data: Dataset, theta: Float64Array, kinks: readonly KinkConstraint[]): { theta: Float64Array; kinks: KinkConstraint[] } {
  const out = Float64Array.from(theta);
  if (kinks.length === 0) return { theta: out, kinks: [] };
  const manifold = new KinkManifold(architecture, data);
  for (const c of kinks) manifold.add(c);
  manifold.projectPoint(out);
  return { theta: out, kinks: [...manifold.active] };
}

/** What each class of critical point means and what certified it, in one sentence each (for the inspector). */
import type { Classification } from '../../../contract/vocabulary';

export const CERTIFICATES: Record<Classification, string> = {
  'global-min': 'Loss below the loss target (default 1e-25): the student reproduces the teacher, a global minimum (L = 0 up to float64).',
  'local-min': 'Gradient ≈ 0 and every Hessian eigenvalue > 0 (beyond the numerical zero band) at L > 0: a certified strict local minimum.',
  'strict-saddle': 'Gradient ≈ 0 and at least one Hessian eigenvalue < 0: a strict saddle; gradient descent escapes along the negative-curvature eigenvector(s).',
  flat: 'Gradient ≈ 0, no negative eigenvalue, but some eigenvalues ≈ 0: second order cannot decide (flat directions, e.g. symmetries or a manifold of minima).',
  'kink-min':
    'The point sits on ReLU kinks where the Hessian is not defined; it is Clarke stationary (0 lies in the Clarke subdifferential), every active kink is convex (the loss bends up across it) and the Hessian on the kink manifold is PSD: a certified kink minimum.',
  'kink-stationary':
    'The point sits on a ReLU kink and is stationary in the Clarke sense, but at least one active kink is concave (the loss bends down across it): a descent direction exists, so this is not a minimum (stored before the convexity check: not certified either way).',
  'not-critical': 'The gradient is not small enough for a critical point: training stopped before converging (see the stop reasons).',
};

export function certificateOf(classification: string | null): string {
  if (classification === null) return 'Not classified (the run was not analysed).';
  return (CERTIFICATES as Record<string, string>)[classification] ?? `Class '${classification}'.`;
}

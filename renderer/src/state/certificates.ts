/** What each class of critical point means and what certified it, in one sentence each (for the inspector). */
import type { Classification } from '../../../contract/vocabulary';

export const CERTIFICATES: Record<Classification, string> = {
  'global-min': 'Loss below the loss target (default 1e-25): the student reproduces the teacher, a global minimum (L = 0 up to float64).',
  'local-min': 'Gradient ≈ 0 and every Hessian eigenvalue > 0 (beyond the numerical zero band) at L > 0: a certified strict local minimum.',
  'strict-saddle': 'Gradient ≈ 0 and at least one Hessian eigenvalue < 0: a strict saddle; gradient descent escapes along the negative-curvature eigenvector(s).',
  flat: 'Gradient ≈ 0, no negative eigenvalue, but some eigenvalues ≈ 0: second order cannot decide (flat directions, e.g. symmetries or a manifold of minima).',
  'kink-stationary':
    'The point sits on a ReLU kink where the Hessian is not defined; it is stationary in the Clarke sense (0 lies in the Clarke subdifferential, checked via the multipliers of the active kinks).',
  'not-critical': 'The gradient is not small enough for a critical point: training stopped before converging (see the stop reasons).',
};

export function certificateOf(classification: string | null): string {
  if (classification === null) return 'Not classified (the run was not analysed).';
  return (CERTIFICATES as Record<string, string>)[classification] ?? `Class '${classification}'.`;
}

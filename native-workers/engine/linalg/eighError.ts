/** Failures of the dense symmetric eigensolver (bad input, or no convergence in a tridiagonal solver). */
export class EighError extends Error {
  override name = 'EighError';
}

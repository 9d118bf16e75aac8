/** Errors of the landscape module (planes, grids, directions); messages name the argument and the problem. */
export class LandscapeError extends Error {
  override name = 'LandscapeError';
}

/** Errors of the landscape module (planes, grids, directions); messages name the argument and the problem. */
export class LandscapeError extends Error {
  override name = 'LandscapeError';
  /** A wrong input (see engine/core/errors.ts): reported to the user as their error, not a failure. */
  readonly code = 'input' as const;
}

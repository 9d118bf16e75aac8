export class NeuronOperationError extends Error {
  override name = 'NeuronOperationError';
  /** A wrong input (see engine/core/errors.ts): reported to the user as their error, not a failure. */
  readonly code = 'input' as const;
}

export class NeuronOperationError extends Error {
  override name = 'NeuronOperationError';
}

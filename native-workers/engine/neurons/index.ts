export { NeuronOperationError } from './errors';
export { splitNeuron, splitTimeScale, type SplitOptions, type SplitResult } from './split';
export { addZeroNeuron, removeNeuron, type AddNeuronOptions } from './addRemove';
export { growNetwork, type GrowOptions } from './grow';
export { unitParameters, unitIndices, rebuildLayer, type UnitParameters } from './surgery';
export { minCostAssignment } from './assignment';
export { alignToTeacher, type Alignment, type AlignmentGroup, type AlignmentPair } from './align';
export * from './splitCheck';

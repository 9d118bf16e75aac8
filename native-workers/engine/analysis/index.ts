export * from './types';
export * from './analyze';
export { symmetryFlatCount } from './symmetry';
export { hiddenStates, unitReport, duplicateUnits, type HiddenLayerState, type UnitReport } from './units';
export { pointSpectrum, spectrumPath, denseSpectrumBytes, SPECTRUM_DEFAULTS, type PointSpectrum, type SpectrumMode, type SpectrumOptions } from './spectrum';

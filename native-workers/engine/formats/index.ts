/** The formats room's public face (re-exported by engine/index.ts). */
export * from './checkpoint';
export * from './dataset';
export { FormatError } from './formatError';
export type { Tensor, TensorInfo } from './tensor';
export * from './networkTypes';
export {
  NetworkFileError,
  NetworkWriteError,
  inspectNetworkFile,
  openNetworkFile,
  writeNetworkFile,
  networkFormatForFileName,
  NETWORK_WRITE_EXTENSIONS,
  type InspectedNetwork,
  type NetworkFileProblem,
} from './networkFile';
export {
  DatasetFileError,
  openDatasetFile,
  DATASET_FORMATS,
  type DatasetFormat,
  type OpenDatasetOptions,
  type OpenedDataset,
} from './datasetFile';

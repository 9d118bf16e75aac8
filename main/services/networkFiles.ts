/**
 * `files.inspect`, `runs.import`, `networks.export`: network files in and out of the workspace,
 * through the engine's format registry (engine/formats: chosen by content, nothing executed).
 * Reading is bounded by the upload limit (contract/files.ts MAX_UPLOAD_BYTES).
 */
import { ContractError, StudioError } from '../../contract/errors';
import { MAX_PARAMETERS } from '../../contract/experiment';
import type { NetworkFileFormat, NetworkInfo, Upload } from '../../contract/files';
import type { MethodRequest, MethodResult } from '../../contract/methods';
import type { DatasetSummary } from '../../contract/datasets';
import type { RunSummary } from '../../contract/runs';
import type { TaskData } from '../../contract/tasks';
import type { ActivationId } from '../../contract/vocabulary';
import {
  inspectNetworkFile,
  NetworkFileError,
  NetworkWriteError,
  openNetworkFile,
  teacherNetwork,
  writeNetworkFile,
  type NetworkWriteFormat,
  type OpenedNetwork,
  SUCCESS_LOSS,
} from '../../native-workers/engine';
import type { WorkerPool } from '../../native-workers/pool/pool';
import { newId } from '../workspace/ids';
import type { Workspace } from '../workspace/workspace';
import { submitTask } from './taskClient';

/** The widest layer a run records (RunSpec.width's bound). */
const MAX_WIDTH = 100_000;
/** Imported points are certified (dense Hessian spectrum) up to this many parameters, as trained runs are. */
const CLASSIFY_MAX_PARAMETERS = 1000;

const WRITE_FORMAT: Record<NetworkFileFormat, NetworkWriteFormat> = {
  pt: 'pytorch',
  safetensors: 'safetensors',
  onnx: 'onnx',
  npz: 'npz',
  json: 'json',
};

/** The file name without any folder part (a browser sends a bare name; Electron a path). */
export function baseName(name: string): string {
  const parts = name.split(/[\\/]/);
  return parts[parts.length - 1] || 'network';
}

function bytesOf(upload: Upload): Uint8Array {
  const buffer = Buffer.from(upload.base64, 'base64');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Engine file errors are the user's input problems: 'invalid', naming the method and the file. */
function fileError(method: string, error: unknown): never {
  if (error instanceof NetworkFileError || error instanceof NetworkWriteError) throw new StudioError('invalid', `${method}: file: ${error.message}`);
  throw error;
}

function infoOf(fileName: string, opened: Pick<OpenedNetwork, 'format' | 'formatLabel' | 'tensors' | 'layerSources' | 'notes'>, layers: NetworkInfo['layers'], activationsFromFile: boolean): NetworkInfo {
  let parameterCount = 0;
  for (const l of layers) parameterCount += l.inputs * l.outputs + (l.bias ? l.outputs : 0);
  return {
    fileName,
    format: opened.format,
    formatLabel: opened.formatLabel,
    tensors: opened.tensors.map((t) => ({ name: t.name, dtype: t.dtype, shape: [...t.shape] })),
    layers,
    layerSources: [...opened.layerSources],
    activationsFromFile,
    parameterCount,
    inputDim: layers[0].inputs,
    outputDim: layers[layers.length - 1].outputs,
    notes: [...opened.notes],
  };
}

function open(method: string, upload: Upload, activations: readonly ActivationId[] | undefined): { opened: OpenedNetwork; info: NetworkInfo } {
  const fileName = baseName(upload.name);
  try {
    const opened = openNetworkFile(bytesOf(upload), fileName, activations ? { activations } : {});
    const layers = opened.network.architecture.layers.map((l) => ({ ...l }));
    return { opened, info: infoOf(fileName, opened, layers, opened.activationsFromFile) };
  } catch (error) {
    return fileError(method, error);
  }
}

export function inspectFile(request: MethodRequest<'files.inspect'>): MethodResult<'files.inspect'> {
  if (request.activations) return open('files.inspect', request.file, request.activations).info;
  const fileName = baseName(request.file.name);
  try {
    const inspected = inspectNetworkFile(bytesOf(request.file), fileName);
    const layers = inspected.layers.map((l) => ({ ...l }));
    return infoOf(fileName, inspected, layers, layers.every((l) => l.activation !== null));
  } catch (error) {
    return fileError('files.inspect', error);
  }
}

export async function importRun(pool: WorkerPool, workspace: Workspace, request: MethodRequest<'runs.import'>): Promise<MethodResult<'runs.import'>> {
  const { opened, info } = open('runs.import', request.file, request.activations);
  const { architecture, theta } = opened.network;
  if (theta.length > MAX_PARAMETERS)
    throw new ContractError(`runs.import: file: ${info.fileName} has ${theta.length.toLocaleString('en')} parameters; a run holds at most ${MAX_PARAMETERS.toLocaleString('en')}`);
  const widest = Math.max(...architecture.layers.map((l) => l.outputs));
  if (widest > MAX_WIDTH)
    throw new ContractError(`runs.import: file: ${info.fileName} has a layer of ${widest.toLocaleString('en')} units; a run's layers have at most ${MAX_WIDTH.toLocaleString('en')}`);
  const layers = architecture.layers;
  const { taskData, label, dataset } = await importData(workspace, request.data, info);
  const started = Date.now();
  let evaluated: { loss: number; gradNorm: number; classification: RunSummary['result']['classification']; index: number | null };
  if (theta.length <= CLASSIFY_MAX_PARAMETERS) {
    const r = await submitTask(pool, 'analyze', {
      network: { kind: 'theta', architecture: { layers: layers.map((l) => ({ ...l })) }, theta: Float64Array.from(theta) },
      data: taskData,
      escapeDirections: false,
    }).result;
    evaluated = { loss: r.loss, gradNorm: r.gradNorm, classification: r.classification, index: r.index };
  } else {
    // Too large for a dense spectrum: one loss + gradient pass in a worker (O(N·P)), not classified.
    const r = await submitTask(pool, 'evaluate', {
      network: { kind: 'theta', architecture: { layers: layers.map((l) => ({ ...l })) }, theta: Float64Array.from(theta) },
      data: taskData,
    }).result;
    evaluated = { loss: r.loss, gradNorm: r.gradNorm, classification: null, index: null };
  }
  if (!Number.isFinite(evaluated.loss))
    throw new StudioError('invalid', `runs.import: file: ${info.fileName}: the loss on the ${label} is not finite (${evaluated.loss})`);

  const hidden = layers.length > 1 ? layers[0] : null;
  const summary: RunSummary = {
    runId: newId('run'),
    batchId: null,
    name: request.name ?? info.fileName.slice(0, 200),
    createdAt: Date.now(),
    spec: {
      // A stored dataset's run keeps a nominal teacher (old readers expect one); its data is spec.dataset.
      teacher: request.data.kind === 'teacher' ? request.data.teacher : 'fig3a',
      samples: dataset ? dataset.count : request.data.kind === 'teacher' ? (request.data.samples ?? null) : null,
      dataSeed: request.data.kind === 'teacher' ? request.data.dataSeed : 0,
      width: hidden ? hidden.outputs : layers[0].outputs,
      activation: hidden ? hidden.activation : null,
      // Not used for an imported point (θ comes from the file); recorded for a later "train from here".
      init: 'glorot_normal',
      method: 'minimize',
      seed: 0,
      budgets: {},
      settings: {},
      recordTrajectory: false,
      ...(dataset ? { dataset: dataset.datasetId } : {}),
    },
    origin: { kind: 'import', file: info.fileName, format: info.format },
    parameterCount: theta.length,
    result: {
      finalLoss: evaluated.loss,
      gradNorm: evaluated.gradNorm,
      steps: 0,
      odeTime: null,
      stoppedBy: 'imported',
      seconds: (Date.now() - started) / 1000,
      success: evaluated.loss < SUCCESS_LOSS,
      classification: evaluated.classification,
      index: evaluated.index,
    },
  };
  const stored = Float64Array.from(theta);
  await workspace.addRun(summary, { layers: layers.map((l) => ({ ...l })) }, {
    initialTheta: stored,
    finalTheta: stored,
    curveTime: Float64Array.of(0),
    curveLoss: Float64Array.of(evaluated.loss),
    trajectoryTime: new Float64Array(0),
    trajectoryLoss: new Float64Array(0),
    trajectoryTheta: new Float64Array(0),
  });
  return { run: summary, network: info };
}

/** The data an imported network is evaluated on: a teacher's dataset or a stored one, sized to the network. */
async function importData(
  workspace: Workspace,
  data: MethodRequest<'runs.import'>['data'],
  info: NetworkInfo,
): Promise<{ taskData: TaskData; label: string; dataset: DatasetSummary | null }> {
  const shape = `${info.inputDim} inputs → ${info.outputDim} outputs`;
  if (data.kind === 'dataset') {
    if (!workspace.datasets.has(data.datasetId)) throw new StudioError('not-found', `runs.import: data.datasetId: no dataset '${data.datasetId}' in the workspace`);
    const s = workspace.datasets.summary(data.datasetId);
    if (s.inputDim !== info.inputDim || s.outputDim !== info.outputDim)
      throw new ContractError(`runs.import: data.datasetId: the network maps ${shape}, the dataset ${s.fileName} has ${s.inputDim} inputs → ${s.outputDim} targets`);
    const { X, Y } = await workspace.datasets.load(data.datasetId);
    return { taskData: { kind: 'inline', count: s.count, inputDim: s.inputDim, outputDim: s.outputDim, X, Y }, label: `dataset ${s.fileName}`, dataset: s };
  }
  const teacherLayers = teacherNetwork(data.teacher).architecture.layers;
  const dims = { inputs: teacherLayers[0].inputs, outputs: teacherLayers[teacherLayers.length - 1].outputs };
  if (info.inputDim !== dims.inputs || info.outputDim !== dims.outputs)
    throw new ContractError(
      `runs.import: data.teacher: the network maps ${shape}, the ${data.teacher} data has ${dims.inputs} inputs → ${dims.outputs} targets; open a dataset file for this network instead`,
    );
  return {
    taskData: { kind: 'teacher', teacher: data.teacher, dataSeed: data.dataSeed, ...(data.samples !== undefined ? { samples: data.samples } : {}) },
    label: `${data.teacher} data`,
    dataset: null,
  };
}

/** A safe file name from a run name or id. */
function fileStem(text: string): string {
  const stem = text.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return stem.slice(0, 100) || 'network';
}

export async function exportNetwork(workspace: Workspace, request: MethodRequest<'networks.export'>): Promise<MethodResult<'networks.export'>> {
  const { record, arrays } = await workspace.loadRun(request.runId);
  const P = record.summary.parameterCount;
  let theta = request.which === 'final' ? arrays.finalTheta : arrays.initialTheta;
  let label: string = request.which;
  if (request.snapshot !== undefined) {
    const count = arrays.trajectoryTime.length;
    if (request.snapshot >= count)
      throw new ContractError(`networks.export: snapshot: ${request.snapshot} is out of range, the run has ${count} snapshots`);
    theta = arrays.trajectoryTheta.slice(request.snapshot * P, (request.snapshot + 1) * P);
    label = `snapshot${request.snapshot}`;
  }
  const network = { architecture: record.architecture, theta };
  let bytes: Uint8Array;
  try {
    bytes = writeNetworkFile(network, WRITE_FORMAT[request.format], {
      meta: { runId: record.summary.runId, name: record.summary.name, point: label, teacher: record.summary.spec.teacher },
    });
  } catch (error) {
    return fileError('networks.export', error);
  }
  const fileName = `${fileStem(record.summary.name ?? record.summary.runId)}-${label}.${request.format}`;
  return { fileName, format: request.format, base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), byteLength: bytes.byteLength };
}

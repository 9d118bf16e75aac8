/**
 * A fake service: one handler per contract method returning a fixed, schema-valid result and
 * recording the (validated) request it received. Lets the transport tests check every method.
 */
import type { StudioHandlers } from '../../../contract/api';
import type { NetworkInfo } from '../../../contract/files';
import type { DatasetInfo } from '../../../contract/datasets';
import type { HierarchySummary } from '../../../contract/hierarchy';
import type { MethodName, MethodParams, MethodResult } from '../../../contract/methods';
import type { RunSummary } from '../../../contract/runs';
import type { Scene } from '../../../contract/scene';
import { EventHub } from '../../../main/services/eventHub';
import { syntheticRun } from './service';

const run: RunSummary = syntheticRun('run-canned', null, 1).summary;

const scene: Scene = {
  format: 'escape-studio/scene@1',
  sceneId: 'scene-1',
  name: 'orbit',
  source: { kind: 'run', runId: 'run-canned', which: 'final' },
  runId: 'run-canned',
  plane: { kind: 'escape-curvature' },
  grid: 33,
  scale: 'log10',
  colormap: 'viridis',
  contours: 12,
  theme: 'light',
  keyframes: [{ time: 0, pose: { azimuth: 40, elevation: 30, distance: 3, target: [0, 0.3, 0] }, easing: 'ease-in-out' }],
  replay: { from: 0, to: 4 },
  duration: 2,
  fps: 30,
  width: 640,
  height: 360,
  annotations: true,
};

const datasetInfo: DatasetInfo = {
  fileName: 'tanh3_data.npz',
  format: 'npz',
  count: 20,
  inputDim: 3,
  outputDim: 2,
  notes: ['inputs from "X", targets from "y"'],
};

const networkInfo: NetworkInfo = {
  fileName: 'net.pt',
  format: 'pytorch',
  formatLabel: 'PyTorch state_dict (zip)',
  tensors: [{ name: '0.weight', dtype: 'float64', shape: [2, 2] }],
  layers: [
    { inputs: 2, outputs: 2, bias: true, activation: null },
    { inputs: 2, outputs: 1, bias: true, activation: null },
  ],
  layerSources: ['layer 1 (2 → 2) ← 0.weight, 0.bias', 'layer 2 (2 → 1) ← 2.weight, 2.bias'],
  activationsFromFile: false,
  parameterCount: 9,
  inputDim: 2,
  outputDim: 1,
  notes: [],
};

const hierarchySummary: HierarchySummary = {
  hierarchyId: 'hier-1',
  name: null,
  createdAt: 3,
  request: { teacher: 'fig6', dataSeed: 0, widths: [1, 2], seedsPerWidth: 2, firstSeed: 1, init: 'glorot_normal', gammas: [0.5], nudge: 1e-3, method: 'minimize', maxNodes: 500 },
  activation: 'softplus',
  inputDim: 2,
  outputDim: 1,
  nodeCount: 2,
  edgeCount: 1,
  widths: [1, 2],
  runs: 4,
  truncated: false,
  uphill: 0,
  seconds: 0.5,
};

export const CANNED: { [M in MethodName]: MethodResult<M> } = {
  'experiments.start': { batchId: 'batch-x', jobs: [{ jobId: 'job-1', runId: 'run-1', seed: 4 }, { jobId: 'job-2', runId: 'run-2', seed: 5 }] },
  'jobs.cancel': { cancelled: 2 },
  'jobs.list': {
    jobs: [{ jobId: 'job-1', kind: 'train', runId: 'run-1', batchId: null, seed: 4, state: 'running', progress: 0.25, loss: 0.5, step: 10, message: null, queuedAt: 1 }],
  },
  'runs.list': {
    runs: [run],
    batches: [{ batchId: 'batch-x', name: null, createdAt: 2, teacher: 'fig3c', width: 4, activation: null, method: 'flow', seedCount: 200, finished: 3, successes: 1, bestLoss: 1e-27 }],
  },
  'runs.get': {
    run,
    architecture: {
      layers: [
        { inputs: 2, outputs: 2, bias: true, activation: 'relu' },
        { inputs: 2, outputs: 1, bias: true, activation: 'identity' },
      ],
    },
    initialTheta: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    finalTheta: [9, 8, 7, 6, 5, 4, 3, 2, 1],
    curve: { time: [0, 1], loss: [1, 1e-3] },
    trajectory: { time: [0], loss: [1], theta: [[1, 2, 3, 4, 5, 6, 7, 8, 9]] },
  },
  'runs.delete': { deleted: 1 },
  'runs.export': { npzPath: '/tmp/x/run.npz', jsonPath: '/tmp/x/run.json', arrays: ['final_theta'] },
  'files.inspect': networkInfo,
  'runs.import': { run: { ...run, origin: { kind: 'import', file: 'net.pt', format: 'pytorch' } }, network: networkInfo },
  'networks.export': { fileName: 'run-canned-final.pt', format: 'pt', base64: 'UEsDBA==', byteLength: 4 },
  'datasets.inspect': datasetInfo,
  'datasets.import': { ...datasetInfo, datasetId: 'data-canned', name: 'tanh3_data.npz', createdAt: 1_700_000_000_000 },
  'datasets.list': { datasets: [{ ...datasetInfo, datasetId: 'data-canned', name: 'tanh3_data.npz', createdAt: 1_700_000_000_000 }] },
  analyze: { analysisId: 'an-1', loss: 1e-4, gradNorm: 1e-12, eigenvalues: [-0.5, 0, 2], index: 1, classification: 'strict-saddle', parameterCount: 3, escapeDirections: [[1, 0, 0]] },
  split: {
    checkpoint: { format: 'escape-studio/mlp@1', layers: [{ weight: [[1, 2]], bias: [0], activation: 'softplus' }] },
    theta: [1, 2, 0],
    parameterCount: 3,
    loss: 1.7e-4,
    gradNorm: 1e-13,
    maxFunctionChange: 0,
    exact: {
      checkpoint: { format: 'escape-studio/mlp@1', layers: [{ weight: [[1, 2]], bias: [0], activation: 'softplus' }] },
      theta: [1, 2, 0],
      loss: 1.7e-4,
      gradNorm: 1e-13,
    },
  },
  landscape: {
    resolution: 2,
    alphaRange: [-1, 1],
    betaRange: [-1, 1],
    alpha: [-1, 1],
    beta: [-1, 1],
    loss: [1, 2, 3, 4],
    minLoss: 1,
    maxLoss: 4,
    axes: [
      { kind: 'eigenvector', label: 'escape: eigenvector 0 (λ = -5.000e-1)', eigenvalue: -0.5, eigenIndex: 0, explainedVariance: null, norm: 1 },
      { kind: 'eigenvector', label: 'curvature: eigenvector 2 (λ = 2.000e+0)', eigenvalue: 2, eigenIndex: 2, explainedVariance: null, norm: 1 },
    ],
    originLoss: 1e-4,
    projection: { alpha: [0.5], beta: [-0.25], offPlane: [0.01], planeLoss: [2.5], loss: [2.4] },
    reused: 0,
    parameterCount: 3,
  },
  'surface.export': { fileName: 'landscape-run-canned-final-random.h5', mediaType: 'application/x-hdf5', byteLength: 3, base64: 'AAEC' },
  'batches.export': { fileName: 'batch-x.csv', mediaType: 'text/csv', byteLength: 4, base64: 'YSxiCg==' },
  teacher: {
    teacher: 'fig6',
    description: 'four softplus neurons',
    inputDim: 2,
    width: 1,
    activation: 'softplus',
    neurons: [{ weight: [1, -1], bias: 0.5, outgoing: [1] }],
  },
  'hierarchy.explore': { jobId: 'job-h', hierarchyId: 'hier-1' },
  'hierarchy.list': { hierarchies: [hierarchySummary] },
  'hierarchy.get': {
    summary: hierarchySummary,
    nodes: [
      { id: 0, width: 1, loss: 0.25, gradNorm: 1e-14, classification: 'local-min', index: 0, minEigenvalue: 1e-3, theta: [1, 2, 3, 4, 5], origin: 'seed', reducedWidth: 1, hits: 2, seeds: [1, 2] },
      { id: 1, width: 2, loss: 0.25, gradNorm: 1e-14, classification: 'strict-saddle', index: 1, minEigenvalue: -1e-3, theta: [1, 2, 3, 1, 2, 3, 4, 5, 0.5], origin: 'split', reducedWidth: 1, hits: 1, seeds: [] },
    ],
    edges: [{ from: 0, to: 1, kind: 'split', neuron: 0, gamma: 0.5, sign: null, count: 1 }],
  },
  'scenes.save': { sceneId: 'scene-1' },
  'scenes.list': { scenes: [{ sceneId: 'scene-1', name: 'orbit', createdAt: 5, duration: 2, fps: 30, width: 640, height: 360, runId: 'run-canned' }] },
  'scenes.get': scene,
  'batches.resume': { batchId: 'batch-x', jobs: [{ jobId: 'job-3', runId: 'run-3', seed: 6 }] },
  'analyses.list': {
    analyses: [{ analysisId: 'an-1', createdAt: 4, runId: 'run-canned', which: 'final', loss: 1e-4, gradNorm: 1e-12, index: 1, classification: 'strict-saddle', parameterCount: 3 }],
  },
  'analyses.delete': { deleted: 1 },
  'exports.list': { exports: [{ exportId: 'run-canned', files: ['run.json', 'run.npz'], bytes: 2048, modifiedAt: 6 }] },
  'exports.delete': { deleted: 1 },
  'recipes.list': { recipes: [{ name: 'figD6-counts', version: 1, title: 'App. D counts', caption: 'Fig. D6', parameters: [{ key: 'widths', default: [4, 5] }, { key: 'rhoMax', default: 3 }], devices: ['cpu'] }] },
  'recipes.start': { jobId: 'job-r', recipeId: 'figD6-counts-abc' },
  'recipes.get': {
    name: 'figD6-counts',
    recipeId: 'figD6-counts-abc',
    parameters: { rhoMax: 3 },
    plannedRuns: 0,
    finishedRuns: 0,
    complete: true,
    running: false,
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:00:01.000Z',
    summary: { firstRho: 1.5 },
    svg: '<svg/>',
    folder: '/ws/recipes/figD6-counts-abc',
    device: null,
  },
  'system.gpu': { adapter: null, reason: 'no WebGPU adapter (canned)', autoMinSeeds: 256 },
};

/** One valid request per method (as a client writes it, defaults omitted). */
export const REQUESTS: { [M in MethodName]: MethodParams<M> } = {
  'experiments.start': { teacher: 'fig6', width: 3, seeds: [4, 5], method: 'flow', budgets: { maxSteps: 100 } },
  'jobs.cancel': { batchId: 'batch-x' },
  'jobs.list': {},
  'runs.list': { batchId: 'batch-x' },
  'runs.get': { runId: 'run-canned' },
  'runs.delete': { runId: 'run-canned' },
  'runs.export': { runId: 'run-canned', directory: '/tmp/x' },
  'files.inspect': { file: { name: 'net.pt', base64: 'UEsDBA==' } },
  'runs.import': { file: { name: 'net.pt', base64: 'UEsDBA==' }, activations: ['relu', 'identity'], data: { kind: 'teacher', teacher: 'fig3c' } },
  'networks.export': { runId: 'run-canned', format: 'pt' },
  'datasets.inspect': { file: { name: 'data.csv', base64: 'eCx5CjEsMgo=' }, targets: ['y'] },
  'datasets.import': { file: { name: 'data.csv', base64: 'eCx5CjEsMgo=' }, inputDim: 1, outputDim: 1 },
  'datasets.list': {},
  analyze: { source: { kind: 'run', runId: 'run-canned' }, escapeDirections: true },
  split: { source: { kind: 'run', runId: 'run-canned', which: 'final' }, neuron: 1, gamma: 0.5 },
  'surface.export': { source: { kind: 'run', runId: 'run-canned' }, plane: { kind: 'random', seed: 3 }, resolution: 2, format: 'h5' },
  'batches.export': { batchId: 'batch-x', format: 'csv' },
  landscape: { source: { kind: 'run', runId: 'run-canned' }, plane: { kind: 'escape-curvature' }, resolution: 2, project: [[1, 2, 3]] },
  teacher: { teacher: 'fig6' },
  'hierarchy.explore': { teacher: 'fig6', widths: [2, 3], seedsPerWidth: 2, gammas: [0.5, 0.25], nudge: 1e-3, method: 'minimize', maxSteps: 500 },
  'hierarchy.list': {},
  'hierarchy.get': { hierarchyId: 'hier-1' },
  'scenes.save': { scene: { format: 'escape-studio/scene@1', source: { kind: 'run', runId: 'run-canned' }, plane: { kind: 'pca' }, keyframes: [{ time: 0, pose: { azimuth: 0, elevation: 20, distance: 3, target: [0, 0, 0] } }], duration: 1, fps: 10, width: 320, height: 180 } },
  'scenes.list': {},
  'scenes.get': { sceneId: 'scene-1' },
  'batches.resume': { batchId: 'batch-x' },
  'analyses.list': {},
  'analyses.delete': { analysisId: 'an-1' },
  'exports.list': {},
  'exports.delete': { exportId: 'run-canned' },
  'recipes.list': {},
  'recipes.start': { name: 'fig3c-scaling', params: { seeds: 2, widths: [4, 5] } },
  'recipes.get': { name: 'figD6-counts' },
  'system.gpu': {},
};

export interface FakeService {
  readonly handlers: StudioHandlers;
  readonly received: { method: MethodName; request: unknown }[];
  readonly events: EventHub;
}

export function fakeService(): FakeService {
  const received: { method: MethodName; request: unknown }[] = [];
  const handler = <M extends MethodName>(method: M) =>
    async (request: unknown): Promise<MethodResult<M>> => {
      received.push({ method, request });
      return CANNED[method];
    };
  const handlers = Object.fromEntries((Object.keys(CANNED) as MethodName[]).map((m) => [m, handler(m)])) as unknown as StudioHandlers;
  return { handlers, received, events: new EventHub() };
}

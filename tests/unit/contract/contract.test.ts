import { describe, expect, it } from 'vitest';
import { ContractError, formatPath } from '../../../contract/errors';
import { METHOD_NAMES, EVENT_NAMES } from '../../../contract/names';
import { METHODS } from '../../../contract/methods';
import { EVENTS } from '../../../contract/events';
import { parseEvent, parseMethodName, parseRequest, parseResult } from '../../../contract/validate';
import { ACTIVATION_NAMES, INIT_SCHEMES, TEACHERS, TRAIN_METHODS } from '../../../contract/vocabulary';
import { INIT_SCHEMES as ENGINE_INIT_SCHEMES } from '../../../native-workers/engine/core/init';
import { TEACHER_NAMES } from '../../../native-workers/engine/teachers/teachers';
import { TRAIN_METHODS as ENGINE_TRAIN_METHODS } from '../../../native-workers/engine/train/train';
import { ACTIVATIONS } from '../../../native-workers/engine/core/types';
import { CANNED, REQUESTS } from '../helpers/canned';

function contractError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError);
    return (error as Error).message;
  }
  throw new Error('expected a ContractError');
}

describe('contract', () => {
  it('lists the same names as its schema tables and the engine', () => {
    expect([...METHOD_NAMES].sort()).toEqual(Object.keys(METHODS).sort());
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(EVENTS).sort());
    expect([...ACTIVATION_NAMES]).toEqual([...ACTIVATIONS]);
    expect([...TEACHERS]).toEqual([...TEACHER_NAMES]);
    expect([...INIT_SCHEMES]).toEqual([...ENGINE_INIT_SCHEMES]);
    expect([...TRAIN_METHODS]).toEqual([...ENGINE_TRAIN_METHODS]);
  });

  it('accepts every canned request and response', () => {
    for (const method of METHOD_NAMES) {
      expect(() => parseRequest(method, REQUESTS[method]), method).not.toThrow();
      expect(parseResult(method, CANNED[method]), method).toEqual(CANNED[method]);
    }
  });

  it('fills defaults so handlers never see missing optional fields', () => {
    const spec = parseRequest('experiments.start', { teacher: 'fig3c', width: 4, seeds: [0] });
    expect(spec).toMatchObject({ init: 'glorot_normal', method: 'minimize', dataSeed: 0, budgets: {}, recordTrajectory: true });
    expect(parseRequest('jobs.list', undefined)).toEqual({ offset: 0, limit: 1000 }); // jobs.list pages
    expect(parseRequest('analyze', { source: { kind: 'run', runId: 'r1' } })).toEqual({
      source: { kind: 'run', runId: 'r1', which: 'final' },
      escapeDirections: false,
    });
  });

  it('names the method and the field in every schema error', () => {
    expect(contractError(() => parseRequest('experiments.start', { teacher: 'fig6', width: 0, seeds: [1] }))).toBe(
      'experiments.start: width: expected positive integer',
    );
    expect(contractError(() => parseRequest('runs.get', {}))).toBe('runs.get: runId: required');
    expect(contractError(() => parseRequest('landscape', { ...REQUESTS.landscape, alphaRange: [1, -1] }))).toBe('landscape: alphaRange: expected max > min');
    expect(contractError(() => parseRequest('landscape', { ...REQUESTS.landscape, resolution: 5000 }))).toBe(
      'landscape: resolution: expected integer in [2, 513]',
    );
    expect(contractError(() => parseRequest('landscape', { ...REQUESTS.landscape, plane: { kind: 'sideways' } }))).toMatch(
      /^landscape: plane(\.kind)?: expected kind 'escape-curvature', 'eigenvectors', 'random', 'pca', 'three-point' or 'explicit'/,
    );
    expect(contractError(() => parseRequest('surface.export', { ...REQUESTS['surface.export'], format: 'vtk' }))).toBe(
      'surface.export: format: expected one of npz, h5, vtp, vts',
    );
    expect(contractError(() => parseRequest('runs.delete', {}))).toBe('runs.delete: runId: expected exactly one of runId or batchId');
    expect(contractError(() => parseMethodName('rm -rf'))).toMatch(/^method: unknown method 'rm -rf'/);
    expect(contractError(() => parseEvent('job.progress', { jobId: 'j', kind: 'train', runId: null, batchId: null, progress: 2, step: 0, loss: null, elapsedMs: 0 }))).toBe(
      'job.progress: progress: expected number in [0, 1]',
    );
    expect(contractError(() => parseResult('runs.list', { runs: [{}], batches: [] }))).toMatch(/^runs\.list \(response\): runs\[0\]\.runId: required/);
  });

  it('formats paths the way a programmer writes them', () => {
    expect(formatPath(['layers', 1, 'weight', 2])).toBe('layers[1].weight[2]');
    expect(formatPath([0, 'a'])).toBe('[0].a');
    expect(formatPath([])).toBe('');
  });
});

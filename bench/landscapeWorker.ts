/**
 * Bench-only worker: holds one plane problem (sent once) and evaluates the rows it is asked for,
 * building the plane evaluator afresh per request as the studio's landscape task does.
 */
import { parentPort } from 'node:worker_threads';
import { createPlaneEvaluator } from '../native-workers/engine/landscape/createPlaneEvaluator';
import { evaluateGridRows } from '../native-workers/engine/landscape/planeGrid';
import type { PlaneGridSpec } from '../native-workers/engine/landscape/gridSpec';
import type { Architecture, Dataset } from '../native-workers/engine/core/types';

interface Problem {
  architecture: Architecture;
  theta0: Float64Array;
  u: Float64Array;
  v: Float64Array;
  data: Dataset;
}

let problem: Problem | null = null;
const port = parentPort;
if (!port) throw new Error('landscapeWorker must run as a worker thread');

port.on('message', (msg: { kind: 'problem'; problem: Problem } | { kind: 'rows'; spec: PlaneGridSpec; rows: Int32Array }) => {
  if (msg.kind === 'problem') {
    problem = msg.problem;
    port.postMessage({ kind: 'ready' });
    return;
  }
  if (!problem) throw new Error('rows requested before the problem was sent');
  const { architecture, theta0, u, v, data } = problem;
  const evaluator = createPlaneEvaluator(architecture, theta0, u, v, data);
  const values = evaluateGridRows(evaluator, msg.spec, msg.rows);
  port.postMessage({ kind: 'values', values }, [values.buffer as ArrayBuffer]);
});

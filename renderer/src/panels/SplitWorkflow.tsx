/**
 * Split and escape: on a minimum, choose a neuron, γ and a nudge; the studio splits it (a point
 * of the wider network computing the same function), trains the split run from there, and shows
 * both runs side by side.
 */
import { useState } from 'react';
import type { StudioApi } from '../../../contract/api';
import type { RunSummary } from '../../../contract/runs';
import type { TrainMethod } from '../../../contract/vocabulary';
import { TRAIN_METHODS } from '../../../contract/vocabulary';
import { formatNumber } from './shared/ticks';
import { splitRunName } from './splitProvenance';
import { classLabel, pointKind } from '../state/classes';
import { neuronNumber, nudgeText } from '../state/pointLabels';

interface PointFacts {
  readonly loss: number;
  readonly gradNorm: number;
  readonly classification: string | null;
}

interface SplitPoints {
  readonly eps: number;
  readonly exact: PointFacts;
  /** Null when ε = 0 (training starts at the split point itself). */
  readonly nudged: PointFacts | null;
}

/** The exact split point and the nudged start, side by side (they are different points when ε > 0). */
function SplitPointsTable({ points, neuron }: { points: SplitPoints; neuron: number }) {
  const row = (id: string, name: string, p: PointFacts, title: string) => (
    <tr data-testid={id} title={title}>
      <td>{name}</td>
      <td>{formatNumber(p.loss, 5)}</td>
      <td>{formatNumber(p.gradNorm, 2)}</td>
      <td>{p.classification === null ? '…' : classLabel(p.classification)}</td>
    </tr>
  );
  return (
    <table className="split-points" data-testid="split-points">
      <thead>
        <tr>
          <th>neuron {neuronNumber(neuron)}</th>
          <th>L</th>
          <th>‖∇L‖</th>
          <th>class</th>
        </tr>
      </thead>
      <tbody>
        {row('split-point-exact', 'split point (ε = 0)', points.exact, 'the exact split point: same function and loss as the parent')}
        {points.nudged ? row('split-point-nudged', `nudged start (ε = ${points.eps})`, points.nudged, 'where the split run’s training begins') : null}
      </tbody>
    </table>
  );
}

interface Props {
  readonly api: StudioApi;
  readonly run: RunSummary | null;
  onStarted(splitRunId: string, parentRunId: string): void;
}

export function SplitWorkflow({ api, run, onStarted }: Props) {
  const [neuron, setNeuron] = useState(0);
  const [gamma, setGamma] = useState('0.5');
  const [perturb, setPerturb] = useState('0.001');
  const [method, setMethod] = useState<TrainMethod | ''>('');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [points, setPoints] = useState<SplitPoints | null>(null);
  if (!run) return <p className="empty">Select a trained run (ideally a minimum) to split one of its neurons.</p>;
  const width = run.spec.width;
  const classification = classLabel(run.result.classification, run.result.success);
  const isMinimum = pointKind(run.result.classification, run.result.success) === 'minimum';

  const go = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setStatus('splitting…');
    setPoints(null);
    try {
      const g = Number(gamma);
      const eps = Number(perturb);
      const split = await api.call('split', { source: { kind: 'run', runId: run.runId, which: 'final' }, neuron, gamma: g, perturb: eps });
      setStatus(`split: width ${width + 1}, max |Δf| = ${formatNumber(split.maxFunctionChange, 2)} (${nudgeText(eps)}); training from the nudged start…`);
      // Two points, each certified on its own: the exact split point and the nudged start.
      const data = { kind: 'teacher' as const, teacher: run.spec.teacher, dataSeed: run.spec.dataSeed, ...(run.spec.samples !== null ? { samples: run.spec.samples } : {}) };
      void Promise.all([
        api.call('analyze', { source: { kind: 'network', checkpoint: split.exact.checkpoint, data } }),
        eps > 0 ? api.call('analyze', { source: { kind: 'network', checkpoint: split.checkpoint, data } }) : null,
      ])
        .then(([exact, nudged]) => setPoints({ eps, exact, nudged }))
        .catch(() => setPoints({ eps, exact: { loss: split.exact.loss, gradNorm: split.exact.gradNorm, classification: null }, nudged: eps > 0 ? { loss: split.loss, gradNorm: split.gradNorm, classification: null } : null }));
      const spec = run.spec;
      const started = await api.call('experiments.start', {
        name: splitRunName({ parentRunId: run.runId, neuron, gamma: g, nudge: eps }),
        origin: { kind: 'split', parentRunId: run.runId, layer: 0, neuron, gamma: g, nudge: eps },
        teacher: spec.teacher,
        ...(spec.samples !== null ? { samples: spec.samples } : {}),
        dataSeed: spec.dataSeed,
        width: width + 1,
        ...(spec.activation !== null ? { activation: spec.activation } : {}),
        init: spec.init,
        method: method === '' ? spec.method : method,
        seeds: [spec.seed],
        budgets: spec.budgets,
        initialTheta: split.theta,
        // The split network's exact shape (any depth: imported networks too), not just teacher + width.
        architecture: {
          layers: split.checkpoint.layers.map((l) => ({ inputs: l.weight[0]?.length ?? 0, outputs: l.weight.length, bias: l.bias !== null, activation: l.activation })),
        },
      });
      const job = started.jobs[0];
      setStatus(`split run ${job.runId} started from the split point (width ${width + 1}).`);
      onStarted(job.runId, run.runId);
    } catch (e) {
      setError((e as Error).message);
      setStatus(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="split-workflow">
      <p className="axis-notes">
        Run <b>{run.name ?? run.runId}</b>: width {width}, L = {formatNumber(run.result.finalLoss, 4)}, {classification}
        {!isMinimum && ' — splitting is most instructive on a (non-global) minimum'}.
      </p>
      <div className="controls">
        <label>
          Neuron
          <select data-testid="split-neuron" value={neuron} onChange={(e) => setNeuron(Number(e.target.value))}>
            {Array.from({ length: width }, (_, j) => (
              <option key={j} value={j}>
                {j + 1}
              </option>
            ))}
          </select>
        </label>
        <label title="outgoing weights become γ·a and (1 − γ)·a">
          γ
          <input data-testid="split-gamma" type="number" step={0.01} value={gamma} onChange={(e) => setGamma(e.target.value)} />
        </label>
        <label title="nudge ε: the two copies' incoming weights are moved ε apart along a seeded random unit direction (ε = 0: start exactly at the split point, where ‖∇L‖ = 0)">
          nudge ε
          <input data-testid="split-perturb" type="number" step={0.0001} min={0} value={perturb} onChange={(e) => setPerturb(e.target.value)} />
        </label>
        <label>
          Trainer
          <select value={method} onChange={(e) => setMethod(e.target.value as TrainMethod | '')}>
            <option value="">same as parent ({run.spec.method})</option>
            {TRAIN_METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <button type="button" data-testid="split-button" disabled={busy} onClick={() => void go()}>
          Split &amp; train
        </button>
      </div>
      {points && <SplitPointsTable points={points} neuron={neuron} />}
      {status && (
        <p className="status-line" data-testid="split-status">
          {status}
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="split-error">
          {error}
        </p>
      )}
    </div>
  );
}

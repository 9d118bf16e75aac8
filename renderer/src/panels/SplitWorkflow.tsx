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
  if (!run) return <p className="empty">Select a trained run (ideally a minimum) to split one of its neurons.</p>;
  const width = run.spec.width;
  const classification = run.result.classification ?? (run.result.success ? 'global minimum' : 'unclassified');
  const isMinimum = /min/i.test(classification) && !run.result.success;

  const go = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setStatus('splitting…');
    try {
      const g = Number(gamma);
      const eps = Number(perturb);
      const split = await api.call('split', { source: { kind: 'run', runId: run.runId, which: 'final' }, neuron, gamma: g, perturb: eps });
      setStatus(
        `split point: width ${width + 1}, L = ${formatNumber(split.loss, 4)}, ‖∇L‖ = ${formatNumber(split.gradNorm, 3)}, max |Δf| = ${formatNumber(split.maxFunctionChange, 2)}; training…`,
      );
      const spec = run.spec;
      const started = await api.call('experiments.start', {
        name: splitRunName({ parentRunId: run.runId, neuron, gamma: g, perturb: eps }),
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
        <label title="random nudge of the copies' incoming weights (standard deviation) — at an exact critical point the gradient is zero">
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

/**
 * The inspector (right sidebar): the selected run or point — its spec, why training stopped,
 * its class with what certified it, and a summary of its Hessian eigenvalues (from `analyze`,
 * computed on demand and cached per point).
 */
import { useEffect, useState } from 'react';
import type { Analysis } from '../../../contract/analysis';
import { NetworkActions } from '../export/NetworkActions';
import { certificateOf } from '../state/certificates';
import { eigenSummary } from '../state/eigenSummary';
import { useStudioContext } from '../state/StudioContext';
import { runLegend } from '../state/runQuery';
import { formatLoss } from './format';

const cache = new Map<string, Promise<Analysis>>();

function EigenSummaryList({ analysis }: { analysis: Analysis }) {
  const e = eigenSummary(analysis.eigenvalues);
  return (
    <dl className="kv" data-testid="inspector-eigen" data-negative={e.negative} data-flat={e.flat}>
      <dt>eigenvalues</dt>
      <dd>{e.count}</dd>
      <dt>negative</dt>
      <dd>{e.negative}</dd>
      <dt>flat</dt>
      <dd title={`|λ| ≤ 1e-10·max|λ| = ${e.tol.toExponential(1)}`}>{e.flat}</dd>
      <dt>positive</dt>
      <dd>{e.positive}</dd>
      <dt>λ min</dt>
      <dd>{e.min !== null ? e.min.toExponential(3) : '—'}</dd>
      <dt>λ max</dt>
      <dd>{e.max !== null ? e.max.toExponential(3) : '—'}</dd>
      <dt>‖∇L‖</dt>
      <dd>{formatLoss(analysis.gradNorm)}</dd>
    </dl>
  );
}

export function Inspector() {
  const { api, ws, view } = useStudioContext();
  const run = view.primary;
  const source = ws.point ? ws.point.source : run ? ({ kind: 'run', runId: run.runId, which: 'final' } as const) : null;
  const key = source ? JSON.stringify(source) : '';
  const [analysis, setAnalysis] = useState<{ key: string; value: Analysis } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [want, setWant] = useState(false);

  useEffect(() => {
    setProblem(null);
    if (!source || !want) return;
    let live = true;
    let pending = cache.get(key);
    if (!pending) {
      pending = api.call('analyze', { source });
      cache.set(key, pending);
      pending.catch(() => cache.delete(key));
    }
    pending.then(
      (value) => live && setAnalysis({ key, value }),
      (e: Error) => live && setProblem(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, key, want]);

  if (!run && !ws.point) return <aside className="inspector" data-testid="inspector"><p className="empty">Select a run in the run browser.</p></aside>;
  const shown = analysis?.key === key ? analysis.value : null;
  const classification = ws.point ? (shown?.classification ?? null) : (run?.result.classification ?? null);
  return (
    <aside className="inspector" data-testid="inspector">
      <h2>{ws.point ? 'Point' : 'Run'}</h2>
      {ws.point ? <p data-testid="inspector-title">{ws.point.label}</p> : run && (
        <>
          <p className="inspector-title" data-testid="inspector-title" title={run.runId}>{runLegend(run)}</p>
          {run.name && <p className="status-line">{run.name}</p>}
          <dl className="kv" data-testid="inspector-spec">
            {run.spec.dataset !== undefined ? (
              <><dt>data</dt><dd data-testid="inspector-dataset">stored dataset {run.spec.dataset}{run.spec.samples !== null ? ` (N = ${run.spec.samples})` : ''}</dd></>
            ) : (
              <><dt>teacher</dt><dd>{run.spec.teacher}{run.spec.samples !== null ? ` (N = ${run.spec.samples})` : ''}, data seed {run.spec.dataSeed}</dd></>
            )}
            <dt>student</dt><dd>width {run.spec.width}, {run.spec.activation ?? "teacher's activation"}, {run.parameterCount} parameters</dd>
            {run.origin.kind !== 'import' && (
              <>
                <dt>init</dt><dd>{run.spec.init}, seed {run.spec.seed}</dd>
                <dt>method</dt><dd>{run.spec.method}{run.spec.settings.solver ? ` (${run.spec.settings.solver})` : ''}{run.spec.settings.polish === false ? ', no polish' : ''}</dd>
                <dt>budgets</dt><dd>{Object.entries(run.spec.budgets).map(([k, v]) => `${k} ${v}`).join(', ') || 'defaults'}</dd>
              </>
            )}
            <dt>origin</dt><dd>{run.origin.kind === 'split' ? `split of neuron ${run.origin.neuron + 1} of ${run.origin.parentRunId} (γ = ${run.origin.gamma}, nudge ${run.origin.nudge})` : run.origin.kind === 'import' ? `imported from ${run.origin.file} (${run.origin.format})` : 'trained'}</dd>
          </dl>
          <h3>Result</h3>
          <dl className="kv" data-testid="inspector-result">
            <dt>final loss</dt><dd>{formatLoss(run.result.finalLoss)}</dd>
            <dt>‖∇L‖</dt><dd>{formatLoss(run.result.gradNorm)}</dd>
            <dt>steps</dt><dd>{run.result.steps}{run.result.odeTime !== null ? `, ODE time t = ${run.result.odeTime.toPrecision(3)}` : ''}</dd>
            <dt>stopped by</dt><dd data-testid="inspector-stopped">{run.result.stoppedBy.split(';').map((s) => <span key={s} className="stop-reason">{s.trim()}</span>)}</dd>
          </dl>
          <h3>Network</h3>
          <NetworkActions api={api} run={run} />
        </>
      )}
      <h3>Class</h3>
      <p data-testid="inspector-class">
        <span className={`outcome outcome-${classification ?? 'none'}`}>{classification ?? (ws.point ? 'analysing…' : 'unclassified')}</span>
        {run && !ws.point && run.result.index !== null && <> (index {run.result.index})</>}
      </p>
      <p className="certificate" data-testid="inspector-certificate">{certificateOf(classification)}</p>
      <h3>Hessian eigenvalues</h3>
      {shown ? <EigenSummaryList analysis={shown} /> : want ? <p className="status-line">computing…</p> : (
        <button type="button" data-testid="inspector-analyze" onClick={() => setWant(true)}>Summarise the spectrum</button>
      )}
      {problem && <p className="error">{problem}</p>}
    </aside>
  );
}

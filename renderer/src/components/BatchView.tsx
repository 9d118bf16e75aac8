/**
 * A batch at a glance: what happened (status text with the Wilson 95 % interval), class counts,
 * a histogram of final log₁₀ loss (click a bar to list its runs), per-width rows when the shown
 * runs span widths (scope "all batches of this teacher and method"); click a row to open a run.
 */
import { useMemo, useState } from 'react';
import type { BatchSummary, RunSummary } from '../../../contract/runs';
import { batchStatusText, classCounts, log10Loss, lossHistogram, perWidth, runOutcome, wilson } from '../state/batchStats';
import { useStudioContext } from '../state/StudioContext';
import { batchLabel, runLegend } from '../state/runQuery';
import { formatLoss } from './format';
import { gpuPhase } from './startSpec';
import { BatchExport } from '../export/BatchExport';

const H = { width: 520, height: 150, pad: 28 };

/** Where the batch trained (issue 13) and, when it asked for the GPU but ran on the CPU, why. */
export function BatchDevice({ batch }: { batch: Pick<BatchSummary, 'device' | 'deviceNote'> & Partial<Pick<BatchSummary, 'method'>> }) {
  const device = batch.device ?? 'cpu';
  const note = batch.deviceNote?.replace(/^device gpu: /, '').replace(/; this batch runs on the CPU$/, '') ?? null;
  return (
    <p className={note !== null ? 'status-line batch-device fallback' : 'status-line batch-device'} data-testid="batch-device" data-device={device}>
      {device === 'gpu'
        ? `Device: GPU — f32 ${gpuPhase(batch.method)} on the adapter, then float64 polish + certificate on the CPU.`
        : note !== null
          ? `Device: CPU — asked for the GPU, but ${note}; the batch ran on the CPU in float64.`
          : 'Device: CPU (float64).'}
    </p>
  );
}

export function BatchView() {
  const { api, studio, ws, dispatch, openPanel, resumeBatch, deleteRuns } = useStudioContext();
  const [resumeError, setResumeError] = useState<string | null>(null);
  const [scope, setScope] = useState<'batch' | 'family'>('batch');
  const [bin, setBin] = useState<number | null>(null);
  const batch = studio.batches.find((b) => b.batchId === ws.batchId) ?? studio.batches[studio.batches.length - 1] ?? null;
  const runs = useMemo((): RunSummary[] => {
    if (!batch) return [];
    if (scope === 'batch') return studio.runs.filter((r) => r.batchId === batch.batchId);
    const family = new Set(studio.batches.filter((b) => b.teacher === batch.teacher && b.method === batch.method).map((b) => b.batchId));
    return studio.runs.filter((r) => r.batchId !== null && family.has(r.batchId));
  }, [batch, scope, studio.runs, studio.batches]);
  const histogram = useMemo(() => lossHistogram(runs), [runs]);
  if (!batch) return <p className="empty">No batches yet: start a preset with several seeds, or set Seeds &gt; 1 in New experiment.</p>;

  const jobs = [...studio.jobs.values()].filter((j) => j.batchId === batch.batchId);
  const active = jobs.some((j) => j.state === 'queued' || j.state === 'running');
  const cancelled = jobs.some((j) => j.state === 'cancelled');
  const successes = runs.filter((r) => r.result.success).length;
  const status = scope === 'batch' ? batchStatusText({ finished: runs.length, successes, seedCount: batch.seedCount, active, cancelled }) : null;
  const interval = runs.length > 0 ? wilson(successes, runs.length) : null;
  const widths = perWidth(runs);
  const maxCount = Math.max(1, ...histogram.map((b) => b.runIds.length));
  const barW = histogram.length > 0 ? (H.width - 2 * H.pad) / histogram.length : 0;
  const listed = bin !== null && histogram[bin] ? runs.filter((r) => histogram[bin]?.runIds.includes(r.runId)) : [...runs].sort((a, b) => a.result.finalLoss - b.result.finalLoss);
  const open = (runId: string) => {
    dispatch({ type: 'selectRun', runId });
    openPanel('landscape');
  };

  return (
    <div className="batch-view" data-testid="batch-view" data-batch-id={batch.batchId}>
      <div className="controls">
        <label>
          Batch
          <select value={batch.batchId} onChange={(e) => { dispatch({ type: 'selectBatch', batchId: e.target.value }); setBin(null); }} data-testid="batch-select">
            {[...studio.batches].reverse().map((b) => (
              <option key={b.batchId} value={b.batchId}>
                {batchLabel(b)}{b.name ? ` — ${b.teacher} w${b.width} ${b.method}` : ''} ({new Date(b.createdAt).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })})
              </option>
            ))}
          </select>
        </label>
        <label>
          Scope
          <select value={scope} onChange={(e) => { setScope(e.target.value as 'batch' | 'family'); setBin(null); }} data-testid="batch-scope">
            <option value="batch">this batch</option>
            <option value="family">all {batch.teacher} {batch.method} batches (by width)</option>
          </select>
        </label>
        <BatchExport api={api} batchId={batch.batchId} />
      </div>
      {status && (
        <p className="batch-status" data-testid="batch-status">
          {status}
        </p>
      )}
      <BatchDevice batch={batch} />
      {(batch.state === 'interrupted' || batch.state === 'cancelled') && !active && (
        // A batch stopped by a crash (interrupted) or by the user (cancelled, saved in batch.json): runs for some seeds only.
        <p className="batch-interrupted" data-testid="batch-interrupted" data-state={batch.state}>
          {batch.state}, {batch.finished} of {batch.seedCount} finished —{' '}
          <button
            type="button"
            data-testid="batch-resume"
            onClick={() => {
              setResumeError(null);
              resumeBatch(batch.batchId).catch((e: unknown) => setResumeError((e as Error).message));
            }}
          >
            Resume
          </button>{' '}
          <button
            type="button"
            data-testid="batch-discard"
            onClick={() => {
              if (window.confirm(`Delete batch ${batchLabel(batch)} and its ${batch.finished} stored runs?`)) void deleteRuns({ batchId: batch.batchId });
            }}
          >
            Discard
          </button>
          {resumeError !== null && <span className="error"> {resumeError}</span>}
        </p>
      )}
      {interval && (
        <p className="status-line" data-testid="batch-success" data-successes={successes} data-runs={runs.length}>
          success {successes}/{runs.length} = {(100 * interval.p).toFixed(1)}% (Wilson 95% CI {(100 * interval.lo).toFixed(1)}–{(100 * interval.hi).toFixed(1)}%)
        </p>
      )}
      <ul className="class-counts" data-testid="class-counts">
        {classCounts(runs).map((c) => (
          <li key={c.outcome} data-outcome={c.outcome} data-count={c.count}>
            <span className={`outcome outcome-${c.outcome}`}>{c.outcome}</span> {c.count}
          </li>
        ))}
      </ul>
      {histogram.length > 0 && (
        <svg className="histogram" viewBox={`0 0 ${H.width} ${H.height + 24}`} width="100%" preserveAspectRatio="xMinYMin meet" style={{ maxWidth: 1.25 * H.width }} data-testid="loss-histogram" role="img" aria-label="histogram of final log10 loss">
          {histogram.map((b, i) => {
            const h = ((H.height - H.pad) * b.runIds.length) / maxCount;
            return (
              <g key={b.lo} data-testid="histogram-bar" data-count={b.runIds.length} onClick={() => setBin(bin === i ? null : i)} style={{ cursor: 'pointer' }}>
                <title>{`log₁₀ L in [${b.lo}, ${b.hi}): ${b.runIds.length} run(s) — click to list them`}</title>
                <rect x={H.pad + i * barW + 1} y={H.height - h} width={Math.max(1, barW - 2)} height={h} className={bin === i ? 'bar selected' : 'bar'} />
                {b.runIds.length > 0 && (
                  <text x={H.pad + (i + 0.5) * barW} y={H.height - h - 3} textAnchor="middle" className="tick">
                    {b.runIds.length}
                  </text>
                )}
                {(histogram.length <= 12 || i % Math.ceil(histogram.length / 12) === 0) && (
                  <text x={H.pad + i * barW} y={H.height + 12} textAnchor="middle" className="tick">
                    {b.lo}
                  </text>
                )}
              </g>
            );
          })}
          <text x={H.width / 2} y={H.height + 23} textAnchor="middle" className="axis-title">
            log₁₀ final loss
          </text>
        </svg>
      )}
      {widths.length > 1 && (
        <table className="runs" data-testid="width-table">
          <thead>
            <tr>
              <th>Width</th>
              <th>Runs</th>
              <th>Succeeded</th>
              <th>95% CI</th>
              <th>Best loss</th>
            </tr>
          </thead>
          <tbody>
            {widths.map((w) => (
              <tr key={w.width} className="clickable" onClick={() => open(w.bestRunId)} title="open the best run of this width">
                <td>{w.width}</td>
                <td>{w.runs}</td>
                <td>
                  {w.successes} ({Math.round(100 * w.interval.p)}%)
                </td>
                <td>
                  {Math.round(100 * w.interval.lo)}–{Math.round(100 * w.interval.hi)}%
                </td>
                <td>{formatLoss(w.bestLoss)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="status-line">
        {bin !== null && histogram[bin] ? `${listed.length} run(s) with log₁₀ L in [${histogram[bin]?.lo}, ${histogram[bin]?.hi}) — click the bar again for all` : 'Runs, lowest loss first'} (click a row to open it):
      </p>
      <table className="runs batch-runs" data-testid="batch-runs">
        <tbody>
          {listed.slice(0, 300).map((r) => (
            <tr key={r.runId} className={r.runId === ws.primaryId ? 'clickable selected' : 'clickable'} onClick={() => open(r.runId)} data-testid="batch-run-row" data-run-id={r.runId}>
              <td>{runLegend(r)}</td>
              <td>{formatLoss(r.result.finalLoss)}</td>
              <td>{log10Loss(r.result.finalLoss).toFixed(1)}</td>
              <td>{runOutcome(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

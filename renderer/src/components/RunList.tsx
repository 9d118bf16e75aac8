/** Finished runs stored in the workspace, newest first. */
import type { BatchSummary, RunSummary } from '../../../contract/runs';
import { formatLoss, shortId } from './format';

export function RunList({ runs, batches }: { runs: readonly RunSummary[]; batches: readonly BatchSummary[] }) {
  if (runs.length === 0) return <p className="empty">No runs in this workspace yet.</p>;
  const sorted = [...runs].sort((a, b) => b.createdAt - a.createdAt);
  return (
    <>
      {batches.length > 0 && (
        <ul className="batches" data-testid="batch-list">
          {batches.map((b) => (
            <li key={b.batchId}>
              {b.name ?? `batch ${shortId(b.batchId)}`}: {b.teacher} width {b.width} {b.method} — {b.finished}/{b.seedCount} runs, {b.successes} reached the target, best loss {formatLoss(b.bestLoss)}
            </li>
          ))}
        </ul>
      )}
      <table className="runs" data-testid="run-list">
        <thead>
          <tr>
            <th>Run</th>
            <th>Teacher</th>
            <th>Width</th>
            <th>Method</th>
            <th>Seed</th>
            <th>Final loss</th>
            <th>‖∇L‖</th>
            <th>Outcome</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.runId} data-testid="run-row" data-run-id={r.runId}>
              <td title={r.runId}>{r.name ?? shortId(r.runId)}</td>
              <td>{r.spec.teacher}</td>
              <td>{r.spec.width}</td>
              <td>{r.spec.method}</td>
              <td>{r.spec.seed}</td>
              <td data-testid="run-final-loss">{formatLoss(r.result.finalLoss)}</td>
              <td>{formatLoss(r.result.gradNorm)}</td>
              <td title={r.result.stoppedBy}>{r.result.success ? 'success' : (r.result.classification ?? r.result.stoppedBy)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

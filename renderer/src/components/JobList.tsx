/** Jobs with live progress bars and cancel buttons; batches shown as one row each. */
import type { JobInfo } from '../../../contract/jobs';
import { formatLoss, shortId } from './format';
import { ProgressBar } from './ProgressBar';

interface Props {
  readonly jobs: readonly JobInfo[];
  onCancel(target: { jobId: string } | { batchId: string }): void;
}

const ACTIVE = new Set(['queued', 'running']);

interface BatchRow {
  readonly batchId: string;
  readonly jobs: JobInfo[];
}

export function JobList({ jobs, onCancel }: Props) {
  const singles = jobs.filter((j) => j.batchId === null);
  const batches = new Map<string, BatchRow>();
  for (const job of jobs) {
    if (job.batchId === null) continue;
    const row = batches.get(job.batchId) ?? { batchId: job.batchId, jobs: [] };
    row.jobs.push(job);
    batches.set(job.batchId, row);
  }
  if (jobs.length === 0) return <p className="empty">No jobs yet.</p>;
  return (
    <table className="jobs" data-testid="job-list">
      <thead>
        <tr>
          <th>Job</th>
          <th>State</th>
          <th className="wide">Progress</th>
          <th>Loss</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {[...batches.values()].map((b) => {
          const done = b.jobs.filter((j) => j.state === 'done').length;
          const active = b.jobs.some((j) => ACTIVE.has(j.state));
          const cancelled = b.jobs.some((j) => j.state === 'cancelled');
          const failed = b.jobs.filter((j) => j.state === 'failed').length;
          // What happened, in words: a cancelled batch says so (its successes are in the Batch panel).
          const state = active
            ? `${done}/${b.jobs.length} done`
            : cancelled
              ? `cancelled after ${done} of ${b.jobs.length}`
              : `${done} of ${b.jobs.length} finished${failed > 0 ? `, ${failed} failed` : ''}`;
          const progress = b.jobs.reduce((s, j) => s + (ACTIVE.has(j.state) ? j.progress : 1), 0) / b.jobs.length;
          return (
            <tr key={b.batchId} data-testid="batch-row" data-state={active ? 'running' : cancelled ? 'cancelled' : 'done'}>
              <td title={b.batchId}>batch {shortId(b.batchId)} ({b.jobs.length} seeds)</td>
              <td>{state}</td>
              <td>
                <ProgressBar value={progress} label={`batch ${b.batchId}`} />
              </td>
              <td>{formatLoss(Math.min(...b.jobs.map((j) => j.loss ?? Infinity)) === Infinity ? null : Math.min(...b.jobs.map((j) => j.loss ?? Infinity)))}</td>
              <td>{active && <button onClick={() => onCancel({ batchId: b.batchId })}>Cancel batch</button>}</td>
            </tr>
          );
        })}
        {singles.map((j) => (
          <tr key={j.jobId} data-testid="job-row" data-job-id={j.jobId} data-state={j.state}>
            <td title={j.jobId}>
              {j.kind} {j.seed !== null ? `seed ${j.seed}` : shortId(j.jobId)}
            </td>
            <td title={j.message ?? ''}>{j.state}</td>
            <td>
              <ProgressBar value={j.progress} label={`job ${j.jobId}`} />
            </td>
            <td>{formatLoss(j.loss)}</td>
            <td>{ACTIVE.has(j.state) && <button onClick={() => onCancel({ jobId: j.jobId })}>Cancel</button>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The status bar: what the workers are doing (jobs by state, overall progress, the running batch) and how many runs are stored. */
import { useStudioContext } from '../state/StudioContext';
import { GpuStatus } from './GpuStatus';
import { ProgressBar } from './ProgressBar';

export function StatusBar() {
  const { studio, openPanel } = useStudioContext();
  const jobs = [...studio.jobs.values()];
  const count = (state: string) => jobs.filter((j) => j.state === state).length;
  const running = count('running');
  const queued = count('queued');
  const active = jobs.filter((j) => j.state === 'running' || j.state === 'queued');
  const progress = active.length > 0 ? active.reduce((s, j) => s + j.progress, 0) / active.length : 1;
  const failed = count('failed');
  return (
    <footer className="status-bar" data-testid="status-bar">
      <button type="button" className="link" onClick={() => openPanel('jobs')} data-testid="status-jobs">
        {active.length === 0 ? 'workers idle' : `${running} running, ${queued} queued`}
      </button>
      {active.length > 0 && (
        <span className="status-progress">
          <ProgressBar value={progress} label="all active jobs" />
        </span>
      )}
      <span>{count('done')} jobs done{failed > 0 ? `, ${failed} failed` : ''}{count('cancelled') > 0 ? `, ${count('cancelled')} cancelled` : ''}</span>
      <span className="spacer" />
      <GpuStatus />
      <span data-testid="status-runs">
        {studio.runs.length} runs, {studio.batches.length} batches in the workspace
      </span>
    </footer>
  );
}

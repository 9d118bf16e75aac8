/** The studio shell: connection status, start form, live jobs, stored runs. */
import { useEffect, useState } from 'react';
import type { ExperimentSpecInput } from '../../contract/experiment';
import { connectToHost, type Connection } from './api';
import { JobList } from './components/JobList';
import { RunList } from './components/RunList';
import { StartTrainingForm } from './components/StartTrainingForm';
import { StudioWorkspace } from './panels/StudioWorkspace';
import { useStudio } from './state/useStudio';

export function App() {
  const [connection, setConnection] = useState<Connection | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    connectToHost()
      .then((c) => {
        setConnection(c);
        c.onLost(() => setProblem('The studio host stopped. Restart `escape-studio serve` and reload.'));
      })
      .catch((error: Error) => setProblem(error.message));
  }, []);

  return (
    <div className="app">
      <header>
        <h1>Escape Studio</h1>
        <span className="host" data-testid="host-kind">
          {connection ? (connection.host === 'electron' ? 'desktop' : 'web host') : problem ? 'disconnected' : 'connecting…'}
        </span>
      </header>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {connection && <Studio connection={connection} />}
    </div>
  );
}

function Studio({ connection }: { connection: Connection }) {
  const { api } = connection;
  const { state, noteStarted } = useStudio(api);

  const start = async (spec: ExperimentSpecInput): Promise<void> => {
    const started = await api.call('experiments.start', spec);
    noteStarted(
      started.jobs.map((j) => ({
        jobId: j.jobId,
        kind: 'train',
        runId: j.runId,
        batchId: started.batchId,
        seed: j.seed,
        state: 'queued',
        progress: 0,
        loss: null,
        step: 0,
        message: null,
        queuedAt: Date.now(),
      })),
    );
  };

  const cancel = (target: { jobId: string } | { batchId: string }): void => {
    void api.call('jobs.cancel', target).catch(() => undefined);
  };

  return (
    <main>
      <section>
        <h2>New training</h2>
        <StartTrainingForm onStart={start} />
      </section>
      <section>
        <h2>Jobs</h2>
        <JobList jobs={[...state.jobs.values()].sort((a, b) => b.queuedAt - a.queuedAt)} onCancel={cancel} />
      </section>
      <section>
        <h2>Runs</h2>
        {state.error && <p className="error">{state.error}</p>}
        <RunList runs={state.runs} batches={state.batches} />
      </section>
      <section>
        <h2>Studio</h2>
        <StudioWorkspace api={api} runs={state.runs} />
      </section>
    </main>
  );
}

/**
 * The studio shell, laid out like a desktop studio: a top bar (run, time slider, layout and theme),
 * the run browser on the left, the docked panel area in the middle, the inspector on the right,
 * the status bar at the bottom. State lives in state/StudioContext.
 */
import { useEffect, useState } from 'react';
import { connectToHost, type Connection } from './api';
import { Inspector } from './components/Inspector';
import { RunBrowser } from './components/RunBrowser';
import { StatusBar } from './components/StatusBar';
import { HelpButton } from './help/HelpButton';
import { ImportAction } from './import/ImportAction';
import { DOCK_PANEL_IDS, DOCK_PANELS } from './panels/DockPanels';
import { StudioWorkspace } from './panels/StudioWorkspace';
import { TimeSlider } from './panels/TimeSlider';
import { runLegend } from './state/runQuery';
import { StudioProvider, useStudioContext } from './state/StudioContext';

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

  const hostKind = connection ? (connection.host === 'electron' ? 'desktop' : 'web host') : problem ? 'disconnected' : 'connecting…';
  if (!connection)
    return (
      <div className="app">
        <header className="top-bar">
          <h1>Escape Studio</h1>
          <span className="host" data-testid="host-kind">{hostKind}</span>
        </header>
        {problem && <p className="error" role="alert">{problem}</p>}
      </div>
    );
  return (
    <StudioProvider api={connection.api}>
      <div className="app shell">
        <TopBar hostKind={hostKind} />
        {problem && <p className="error shell-problem" role="alert">{problem}</p>}
        <RunBrowser />
        <main className="dock-area">
          <StudioWorkspace />
        </main>
        <Inspector />
        <StatusBar />
      </div>
    </StudioProvider>
  );
}

function TopBar({ hostKind }: { hostKind: string }) {
  const { api, ws, dispatch, view, openPanel, dock, theme, toggleTheme } = useStudioContext();
  return (
    <header className="top-bar">
      <h1>Escape Studio</h1>
      <span className="host" data-testid="host-kind">{hostKind}</span>
      <button type="button" className="primary" data-testid="new-experiment" onClick={() => openPanel('new-experiment')}>
        New experiment
      </button>
      <ImportAction api={api} onImported={(run) => dispatch({ type: 'selectRun', runId: run.runId })} />
      <span className="current-run" data-testid="current-run" title={view.primary?.runId}>
        {view.primary ? runLegend(view.primary) : 'no run selected'}
        {ws.compareIds.length > 0 && <span className="status-line"> + {ws.compareIds.length} compared</span>}
      </span>
      <TimeSlider
        times={view.times}
        index={view.index}
        playing={ws.playing}
        onIndex={(index) => dispatch({ type: 'setTime', index })}
        onPlaying={(on) => dispatch({ type: on ? 'play' : 'pause' })}
      />
      <span className="spacer" />
      <select
        aria-label="open a panel"
        data-testid="open-panel"
        value=""
        onChange={(e) => {
          if (e.target.value) openPanel(e.target.value);
        }}
      >
        <option value="">Panels…</option>
        {DOCK_PANEL_IDS.map((id) => (
          <option key={id} value={id}>
            {DOCK_PANELS[id].title}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => dispatch({ type: 'reset' })} title="θ₀, plane, time and spectrum back to their defaults for this run" data-testid="reset-view">
        Reset view
      </button>
      <button type="button" onClick={() => dock.current?.resetLayout()} data-testid="reset-layout">
        Reset layout
      </button>
      <button type="button" data-testid="theme-toggle" onClick={toggleTheme}>
        {theme === 'dark' ? 'Light theme' : 'Dark theme'}
      </button>
      <HelpButton onOpenPanel={openPanel} />
    </header>
  );
}

/**
 * The dock's panels: each reads the studio context and mounts one view (the views themselves
 * stay plain components taking props). Every panel sits in its own error boundary.
 */
import type { ReactNode } from 'react';
import { BatchView } from '../components/BatchView';
import { JobList } from '../components/JobList';
import { NewExperiment } from '../components/NewExperiment';
import { useStudioContext } from '../state/StudioContext';
import type { Theta0 } from '../state/workspaceState';
import { HierarchyView } from './HierarchyView';
import { LandscapeView } from './LandscapeView';
import { LossCurves } from './LossCurves';
import { PanelErrorBoundary } from './PanelErrorBoundary';
import { RecipesPanel as RecipesView } from '../recipes/RecipesPanel';
import { timeAxisLabel } from '../state/pointLabels';
import { SpectrumView } from './SpectrumView';
import { SplitWorkflow } from './SplitWorkflow';
import { WeightSpaceView } from './WeightSpaceView';
import { WorkspaceFilesPanel as WorkspaceFilesView } from './WorkspaceFilesPanel';

function Frame({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <div className="dock-panel" data-testid={`panel-${id}`}>
      <PanelErrorBoundary title={title}>{children}</PanelErrorBoundary>
    </div>
  );
}

function LandscapePanel() {
  const { api, ws, dispatch, view, theme } = useStudioContext();
  return (
    <Frame id="landscape" title="Landscape">
      <div className="controls">
        <label>
          θ₀
          <select data-testid="theta0" value={ws.theta0} onChange={(e) => dispatch({ type: 'setTheta0', theta0: e.target.value as Theta0 })}>
            <option value="auto">auto ({view.origin ? 'exact split point' : 'final point'})</option>
            <option value="final">final point</option>
            {view.origin && <option value="split">exact split point (ε = 0)</option>}
            <option value="initial">{view.origin ? (view.origin.nudge > 0 ? `nudged start (ε = ${view.origin.nudge})` : 'split point (initial)') : 'initial point'}</option>
            <option value="current">slider time (snapshot {view.index + 1})</option>
          </select>
        </label>
      </div>
      <LandscapeView
        api={api}
        source={view.landscapeSource}
        sourceLabel={view.theta0Label}
        trajectory={ws.point ? [] : view.trajectory}
        markers={ws.point ? [] : view.markers}
        currentIndex={view.index}
        plane={ws.plane}
        onPlaneChange={(plane) => dispatch({ type: 'setPlane', plane })}
        threePoints={ws.point ? null : view.threePoints}
        dark={theme === 'dark'}
        onTimeIndex={(index) => dispatch({ type: 'setTime', index })}
      />
    </Frame>
  );
}

function SpectrumPanel() {
  const { api, ws, dispatch, view } = useStudioContext();
  return (
    <Frame id="spectrum" title="Hessian spectrum">
      <div className="controls">
        <label>
          At
          <select data-testid="spectrum-at" value={ws.spectrumAt} onChange={(e) => dispatch({ type: 'setSpectrumAt', at: e.target.value as 'time' | 'theta0' })}>
            <option value="theta0">the landscape&apos;s θ₀</option>
            <option value="time">the slider&apos;s time</option>
          </select>
        </label>
      </div>
      <SpectrumView
        api={api}
        source={view.spectrumSource}
        sourceLabel={view.spectrumLabel}
        onPick={(index, values) => dispatch({ type: 'pickEigenvector', index, count: values.length, snapshots: view.trajectory.length })}
      />
    </Frame>
  );
}

function WeightsPanel() {
  const { view } = useStudioContext();
  const { detail, teacher, origin } = view;
  return (
    <Frame id="weights" title="Weight space">
      {detail && teacher ? (
        <WeightSpaceView
          snapshots={view.trajectory}
          inputDim={teacher.inputDim}
          width={detail.run.spec.width}
          teacherWeights={teacher.neurons.map((n) => n.weight)}
          splitCopies={origin ? [origin.neuron, detail.run.spec.width - 1] : []}
          currentIndex={view.index}
        />
      ) : (
        <p className="empty">Select a run in the run browser.</p>
      )}
    </Frame>
  );
}

function CurvesPanel() {
  const { ws, dispatch, view } = useStudioContext();
  return (
    <Frame id="curves" title="Loss curves">
      {view.parentId && (
        <label className="status-line">
          <input type="checkbox" checked={ws.shiftSplit} onChange={(e) => dispatch({ type: 'setShiftSplit', on: e.target.checked })} /> start the split run where its parent
          ended
        </label>
      )}
      <LossCurves curves={view.curves} cursorTime={view.cursorTime} timeLabel={timeAxisLabel(view.primary?.spec.method)} />
    </Frame>
  );
}

function SplitPanel() {
  const { api, dispatch, view } = useStudioContext();
  return (
    <Frame id="split" title="Split and escape">
      <SplitWorkflow api={api} run={view.primary} onStarted={(runId, parentRunId) => dispatch({ type: 'splitStarted', runId, parentRunId })} />
    </Frame>
  );
}

function HierarchyPanel() {
  const { api, studio, ws, dispatch } = useStudioContext();
  return (
    <Frame id="hierarchy" title="Critical-point hierarchy">
      <HierarchyView
        api={api}
        runs={studio.runs}
        selectedRunId={ws.primaryId}
        onSelect={(runId) => dispatch({ type: 'selectRun', runId })}
        onSelectPoint={(source, label) => dispatch({ type: 'selectPoint', source, label })}
      />
    </Frame>
  );
}

function JobsPanel() {
  const { studio, cancel } = useStudioContext();
  return (
    <Frame id="jobs" title="Jobs">
      <JobList jobs={[...studio.jobs.values()].sort((a, b) => b.queuedAt - a.queuedAt)} onCancel={cancel} />
    </Frame>
  );
}

function NewExperimentPanel() {
  return (
    <Frame id="new-experiment" title="New experiment">
      <NewExperiment />
    </Frame>
  );
}

function BatchPanel() {
  return (
    <Frame id="batch" title="Batch">
      <BatchView />
    </Frame>
  );
}

function RecipesPanel() {
  return (
    <Frame id="recipes" title="Paper recipes">
      <RecipesView />
    </Frame>
  );
}

function WorkspaceFilesPanel() {
  return (
    <Frame id="workspace-files" title="Analyses & exports">
      <WorkspaceFilesView />
    </Frame>
  );
}

/** Panel id → title and component, in the order the "Panels" menu lists them. */
export const DOCK_PANELS = {
  'new-experiment': { title: 'New experiment', component: NewExperimentPanel },
  jobs: { title: 'Jobs', component: JobsPanel },
  batch: { title: 'Batch', component: BatchPanel },
  landscape: { title: 'Landscape', component: LandscapePanel },
  spectrum: { title: 'Hessian spectrum', component: SpectrumPanel },
  weights: { title: 'Weight space', component: WeightsPanel },
  curves: { title: 'Loss curves', component: CurvesPanel },
  split: { title: 'Split and escape', component: SplitPanel },
  hierarchy: { title: 'Critical-point hierarchy', component: HierarchyPanel },
  recipes: { title: 'Paper recipes', component: RecipesPanel },
  'workspace-files': { title: 'Analyses & exports', component: WorkspaceFilesPanel },
} as const;

export type DockPanelId = keyof typeof DOCK_PANELS;
export const DOCK_PANEL_IDS = Object.keys(DOCK_PANELS) as DockPanelId[];

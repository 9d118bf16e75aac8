/**
 * The studio's visual workspace: a primary run (plus runs to compare), one time slider that
 * scrubs every panel, and the dockable panels — landscape, spectrum, weight space, loss curves,
 * split-and-escape, critical-point hierarchy. Layout and theme are remembered (localStorage);
 * the runs themselves live in the workspace on the host.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MethodParams } from '../../../contract/methods';
import type { StudioApi } from '../../../contract/api';
import type { RunDetail, RunSummary } from '../../../contract/runs';
import { HierarchyView } from './HierarchyView';
import { useLayout } from './hooks/useLayout';
import { useRunDetails } from './hooks/useRunDetails';
import { useTeacher } from './hooks/useTeacher';
import { LandscapeView, type LandscapeMarker, type PlaneChoice } from './LandscapeView';
import { DEFAULT_LAYOUT, movePanel, toggle, type PanelId } from './layoutStore';
import { LossCurves } from './LossCurves';
import type { Curve } from './lossCurvesData';
import { Panel } from './Panel';
import { formatNumber } from './shared/ticks';
import { SpectrumView } from './SpectrumView';
import { parseSplitRunName } from './splitProvenance';
import { SplitWorkflow } from './SplitWorkflow';
import { TimeSlider } from './TimeSlider';
import { WeightSpaceView } from './WeightSpaceView';
import './panels.css';

interface Props {
  readonly api: StudioApi;
  readonly runs: readonly RunSummary[];
}

type Theta0 = 'auto' | 'final' | 'initial' | 'current';

const TITLES: Record<PanelId, string> = {
  landscape: 'Landscape',
  spectrum: 'Hessian spectrum',
  weights: 'Weight space',
  curves: 'Loss curves',
  split: 'Split and escape',
  hierarchy: 'Critical-point hierarchy',
};

const HEIGHTS: Record<PanelId, number> = { landscape: 640, spectrum: 360, weights: 400, curves: 360, split: 180, hierarchy: 420 };

function runLabel(r: RunSummary): string {
  return `${r.name ?? r.runId} — ${r.spec.teacher} w${r.spec.width} ${r.spec.method} seed ${r.spec.seed}, L = ${formatNumber(r.result.finalLoss, 3)}`;
}

function markerKind(r: RunSummary): LandscapeMarker['kind'] {
  if (r.result.success) return 'global';
  const c = (r.result.classification ?? '').toLowerCase();
  if (c.includes('saddle')) return 'saddle';
  if (c.includes('min')) return 'minimum';
  return 'other';
}

function sameVector(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function StudioWorkspace({ api, runs }: Props) {
  const [layout, updateLayout] = useLayout();
  const [primaryId, setPrimaryId] = useState<string | null>(null);
  const [compareIds, setCompareIds] = useState<string[]>([]);
  const [timeIndex, setTimeIndex] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [plane, setPlane] = useState<PlaneChoice>({ kind: 'escape-curvature' });
  const [theta0, setTheta0] = useState<Theta0>('auto');
  const [frozenSnapshot, setFrozenSnapshot] = useState(0);
  const [spectrumAt, setSpectrumAt] = useState<'time' | 'theta0'>('theta0');
  const [pendingSplit, setPendingSplit] = useState<{ runId: string; parentRunId: string } | null>(null);
  const [shiftSplit, setShiftSplit] = useState(true);
  /** A point that is not a run (a hierarchy node): the landscape and spectrum show it instead of the run's θ₀. */
  const [point, setPoint] = useState<{ source: MethodParams<'analyze'>['source']; label: string } | null>(null);

  const sorted = useMemo(() => [...runs].sort((a, b) => b.createdAt - a.createdAt), [runs]);
  useEffect(() => {
    if (primaryId === null && sorted.length > 0) setPrimaryId(sorted[0].runId);
  }, [primaryId, sorted]);
  useEffect(() => {
    // A split run started from the split panel: show it (θ₀ = its split point) next to its parent once stored.
    if (pendingSplit && runs.some((r) => r.runId === pendingSplit.runId)) {
      setPrimaryId(pendingSplit.runId);
      setCompareIds([pendingSplit.parentRunId]);
      setTheta0('auto');
      setPlane({ kind: 'escape-curvature' });
      setTimeIndex(0);
      setPendingSplit(null);
      setPoint(null);
    }
  }, [pendingSplit, runs]);

  const primary = runs.find((r) => r.runId === primaryId) ?? null;
  const origin = primary ? parseSplitRunName(primary.name) : null;
  const parentId = origin && runs.some((r) => r.runId === origin.parentRunId) ? origin.parentRunId : null;
  const shownIds = useMemo(
    () => [...new Set([primaryId, ...compareIds, parentId].filter((x): x is string => x !== null))],
    [primaryId, compareIds, parentId],
  );
  const details = useRunDetails(api, shownIds);
  const detail: RunDetail | null = primaryId ? (details.get(primaryId) ?? null) : null;
  const teacher = useTeacher(api, primary?.spec.teacher ?? null);

  const trajectory = detail?.trajectory.theta ?? [];
  const times = detail?.trajectory.time ?? [];
  const T = trajectory.length;
  const index = Math.min(timeIndex, Math.max(T - 1, 0));

  const effectiveTheta0: Exclude<Theta0, 'auto'> = theta0 === 'auto' ? (origin ? 'initial' : 'final') : theta0;
  const landscapeSource: MethodParams<'analyze'>['source'] | null = point
    ? point.source
    : primaryId
    ? effectiveTheta0 === 'current'
      ? { kind: 'run', runId: primaryId, snapshot: Math.min(frozenSnapshot, Math.max(T - 1, 0)) }
      : { kind: 'run', runId: primaryId, which: effectiveTheta0 }
    : null;
  const theta0Label = point
    ? point.label
    : effectiveTheta0 === 'current'
      ? `snapshot ${frozenSnapshot + 1} of the trajectory`
      : effectiveTheta0 === 'initial'
        ? origin
          ? `the split point (neuron ${origin.neuron + 1} of ${origin.parentRunId}, γ = ${origin.gamma})`
          : 'the initial point'
        : `the final point (${primary?.result.classification ?? 'unclassified'})`;
  const theta0Vector = detail
    ? effectiveTheta0 === 'initial'
      ? detail.initialTheta
      : effectiveTheta0 === 'final'
        ? detail.finalTheta
        : (trajectory[Math.min(frozenSnapshot, T - 1)] ?? detail.finalTheta)
    : null;

  const markers: LandscapeMarker[] = useMemo(() => {
    if (!detail || !primary) return [];
    return [
      { id: 'start', label: 'start', theta: detail.initialTheta, kind: origin ? 'saddle' : 'start' },
      { id: 'end', label: 'end', theta: detail.finalTheta, kind: markerKind(primary) },
    ];
  }, [detail, primary, origin]);

  const threePoints = useMemo((): [number[], number[]] | null => {
    if (!detail || !theta0Vector) return null;
    const candidates = [detail.initialTheta, trajectory[Math.floor(T / 2)] ?? detail.initialTheta, detail.finalTheta].filter(
      (p) => !sameVector(p, theta0Vector),
    );
    return candidates.length >= 2 ? [candidates[0], candidates[1]] : null;
  }, [detail, theta0Vector, trajectory, T]);

  const spectrumSource: MethodParams<'analyze'>['source'] | null =
    !point && spectrumAt === 'time' && primaryId && T > 0 ? { kind: 'run', runId: primaryId, snapshot: index } : landscapeSource;
  const spectrumLabel =
    !point && spectrumAt === 'time' && T > 0 ? `at the slider's time (snapshot ${index + 1} of ${T})` : `at θ₀: ${theta0Label}`;

  const curves: Curve[] = useMemo(() => {
    const out: Curve[] = [];
    for (const id of shownIds) {
      const d = details.get(id);
      if (!d) continue;
      const o = parseSplitRunName(d.run.name);
      const parent = o ? details.get(o.parentRunId) : undefined;
      const offset = shiftSplit && parent && shownIds.includes(o!.parentRunId) ? (parent.curve.time[parent.curve.time.length - 1] ?? 0) : 0;
      out.push({
        id,
        label: `${d.run.name ?? id} (w${d.run.spec.width})${offset > 0 ? ' — after its parent' : ''}`,
        time: offset > 0 ? d.curve.time.map((t) => t + offset) : d.curve.time,
        loss: d.curve.loss,
      });
    }
    return out;
  }, [details, shownIds, shiftSplit]);
  const cursorTime = (() => {
    if (T === 0) return null;
    const t = times[index];
    const parent = parentId ? details.get(parentId) : undefined;
    return shiftSplit && parent ? t + (parent.curve.time[parent.curve.time.length - 1] ?? 0) : t;
  })();

  const panel = (id: PanelId, children: ReactNode) => (
    <Panel
      key={id}
      id={id}
      title={TITLES[id]}
      collapsed={layout.collapsed.includes(id)}
      wide={layout.wide.includes(id)}
      height={layout.heights[id]}
      defaultHeight={HEIGHTS[id]}
      onMove={(by) => updateLayout((l) => movePanel(l, id, by))}
      onToggleWide={() => updateLayout((l) => ({ ...l, wide: toggle(l.wide, id) }))}
      onToggleCollapsed={() => updateLayout((l) => ({ ...l, collapsed: toggle(l.collapsed, id) }))}
      onResize={(h) => updateLayout((l) => ({ ...l, heights: { ...l.heights, [id]: h } }))}
    >
      {children}
    </Panel>
  );

  const content: Record<PanelId, () => ReactNode> = {
    landscape: () => (
      <>
        <div className="controls">
          <label>
            θ₀
            <select
              data-testid="theta0"
              value={theta0}
              onChange={(e) => {
                const v = e.target.value as Theta0;
                if (v === 'current') setFrozenSnapshot(index);
                setTheta0(v);
                setPoint(null);
              }}
            >
              <option value="auto">auto ({origin ? 'split point' : 'final point'})</option>
              <option value="final">final point</option>
              <option value="initial">{origin ? 'split point (initial)' : 'initial point'}</option>
              <option value="current">slider time (snapshot {index + 1})</option>
            </select>
          </label>
        </div>
        <LandscapeView
          api={api}
          source={landscapeSource}
          sourceLabel={theta0Label}
          trajectory={point ? [] : trajectory}
          markers={point ? [] : markers}
          currentIndex={index}
          plane={plane}
          onPlaneChange={setPlane}
          threePoints={point ? null : threePoints}
          dark={layout.theme === 'dark'}
        />
      </>
    ),
    spectrum: () => (
      <>
        <div className="controls">
          <label>
            At
            <select data-testid="spectrum-at" value={spectrumAt} onChange={(e) => setSpectrumAt(e.target.value as 'time' | 'theta0')}>
              <option value="theta0">the landscape's θ₀</option>
              <option value="time">the slider's time</option>
            </select>
          </label>
        </div>
        <SpectrumView
          api={api}
          source={spectrumSource}
          sourceLabel={spectrumLabel}
          onPick={(i, values) => {
            // The clicked eigenvector becomes α; β the largest-curvature one (or the smallest if i is it).
            const j = i === values.length - 1 ? 0 : values.length - 1;
            if (spectrumAt === 'time' && T > 0) {
              setFrozenSnapshot(index);
              setTheta0('current');
            }
            setPlane({ kind: 'eigenvectors', i, j });
          }}
        />
      </>
    ),
    weights: () =>
      detail && teacher ? (
        <WeightSpaceView
          snapshots={trajectory}
          inputDim={teacher.inputDim}
          width={detail.run.spec.width}
          teacherWeights={teacher.neurons.map((n) => n.weight)}
          splitCopies={origin ? [origin.neuron, detail.run.spec.width - 1] : []}
          currentIndex={index}
        />
      ) : (
        <p className="empty">Select a run.</p>
      ),
    curves: () => (
      <>
        {parentId && (
          <label className="status-line">
            <input type="checkbox" checked={shiftSplit} onChange={(e) => setShiftSplit(e.target.checked)} /> start the split run where its parent ended
          </label>
        )}
        <LossCurves curves={curves} cursorTime={cursorTime} />
      </>
    ),
    split: () => <SplitWorkflow api={api} run={primary} onStarted={(runId, parentRunId) => setPendingSplit({ runId, parentRunId })} />,
    hierarchy: () => (
      <HierarchyView
        api={api}
        runs={runs}
        selectedRunId={primaryId}
        onSelect={(id) => {
          setPrimaryId(id);
          setTheta0('auto');
          setTimeIndex(0);
          setPoint(null);
        }}
        onSelectPoint={(source, label) => {
          setPoint({ source, label });
          setPlane({ kind: 'escape-curvature' });
          setSpectrumAt('theta0');
        }}
      />
    ),
  };

  return (
    <div className="studio-workspace" data-testid="studio-workspace">
      <div className="studio-toolbar">
        <label>
          Run
          <select
            data-testid="primary-run"
            value={primaryId ?? ''}
            onChange={(e) => {
              setPrimaryId(e.target.value || null);
              setTheta0('auto');
              setPoint(null);
              setTimeIndex(0);
              setPlaying(false);
            }}
          >
            {sorted.length === 0 && <option value="">no runs yet</option>}
            {sorted.map((r) => (
              <option key={r.runId} value={r.runId}>
                {runLabel(r)}
              </option>
            ))}
          </select>
        </label>
        <details>
          <summary className="status-line">compare ({compareIds.length})</summary>
          <div className="run-chips">
            {sorted
              .filter((r) => r.runId !== primaryId)
              .slice(0, 40)
              .map((r) => (
                <label key={r.runId}>
                  <input
                    type="checkbox"
                    checked={compareIds.includes(r.runId)}
                    onChange={() => setCompareIds((ids) => (ids.includes(r.runId) ? ids.filter((x) => x !== r.runId) : [...ids, r.runId]))}
                  />{' '}
                  {r.name ?? r.runId} (w{r.spec.width})
                </label>
              ))}
          </div>
        </details>
        <TimeSlider times={times} index={index} playing={playing} onIndex={setTimeIndex} onPlaying={setPlaying} />
        <button
          type="button"
          data-testid="theme-toggle"
          onClick={() => updateLayout((l) => ({ ...l, theme: l.theme === 'dark' ? 'light' : 'dark' }))}
        >
          {layout.theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
        <button type="button" onClick={() => updateLayout((l) => ({ ...DEFAULT_LAYOUT, theme: l.theme }))}>
          Reset layout
        </button>
      </div>
      <div className="studio-grid">{layout.order.map((id) => panel(id, content[id]()))}</div>
    </div>
  );
}

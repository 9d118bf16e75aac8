/**
 * The critical-point hierarchy (the paper's Fig. 5): columns by width, log loss vertically,
 * nodes by type, arrows from split points to the minima their escapes reached. "Explore" runs
 * `hierarchy.explore` as one job (progress, cancel): seeds per width, splits of every minimum's
 * neurons with the given γ values, nudged descents. The stored explorations can be reopened.
 * Without one, the workspace's runs are shown (merged by loss). Click a node to open its
 * landscape (an explored node is its own point source; a run node selects its run).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { StudioApi } from '../../../contract/api';
import type { PointSource } from '../../../contract/analysis';
import type { HierarchyGraph, HierarchySummary } from '../../../contract/hierarchy';
import type { MethodParams } from '../../../contract/methods';
import type { RunSummary } from '../../../contract/runs';
import type { TeacherName, TrainMethod } from '../../../contract/vocabulary';
import { TEACHERS, TRAIN_METHODS } from '../../../contract/vocabulary';
import { ProgressBar } from '../components/ProgressBar';
import { exploredHierarchy, parseNumberList } from './exploredHierarchy';
import { HierarchyFigure, KIND_LABELS } from '../figures/HierarchyFigure';
import { hierarchy, type HierarchyEdge, type HierarchyNode, type HierarchyRun } from './hierarchyData';
import { useElementWidth } from './hooks/useElementWidth';
import { useFigureTheme } from './hooks/useFigureTheme';
import { useZoomPan } from './hooks/useZoomPan';
import { FigureExport } from './shared/FigureExport';
import { formatNumber } from './shared/ticks';

interface Props {
  readonly api: StudioApi;
  readonly runs: readonly RunSummary[];
  readonly selectedRunId: string | null;
  onSelect(runId: string): void;
  /** An explored node was clicked: show the landscape around it. */
  onSelectPoint(source: PointSource, label: string): void;
}

interface ActiveJob {
  readonly jobId: string;
  readonly hierarchyId: string;
  readonly progress: number;
  readonly step: number;
}

type ViewNode = HierarchyNode & { readonly nodeId?: number; readonly classification?: string; readonly hits?: number };

function exploreLabel(h: HierarchySummary): string {
  const r = h.request;
  return `${h.name ?? h.hierarchyId} — ${r.teacher} widths ${h.widths.join(',')}, ${r.seedsPerWidth} seeds, ${h.nodeCount} nodes${h.truncated ? ' (truncated)' : ''}`;
}

export function HierarchyView({ api, runs, selectedRunId, onSelect, onSelectPoint }: Props) {
  const [teacher, setTeacher] = useState<TeacherName>('fig6');
  const [widths, setWidths] = useState('2, 3');
  const [seeds, setSeeds] = useState('4');
  const [gammas, setGammas] = useState('0.5');
  const [nudge, setNudge] = useState('1e-3');
  const [samples, setSamples] = useState('');
  const [maxSteps, setMaxSteps] = useState('');
  const [method, setMethod] = useState<TrainMethod>('minimize');
  const [status, setStatus] = useState<string | null>(null);
  const [job, setJob] = useState<ActiveJob | null>(null);
  const [stored, setStored] = useState<HierarchySummary[]>([]);
  const [shownId, setShownId] = useState<string>('');
  const [explored, setExplored] = useState<HierarchyGraph | null>(null);

  const refresh = useCallback(async (show?: string) => {
    const { hierarchies } = await api.call('hierarchy.list', {});
    setStored(hierarchies);
    if (show !== undefined) setShownId(show);
  }, [api]);

  useEffect(() => {
    void refresh().catch((e: Error) => setStatus(e.message));
  }, [refresh]);

  useEffect(() => {
    let live = true;
    if (shownId === '') {
      setExplored(null);
      return;
    }
    api
      .call('hierarchy.get', { hierarchyId: shownId })
      .then((g) => live && setExplored(g))
      .catch((e: Error) => live && setStatus(e.message));
    return () => {
      live = false;
    };
  }, [api, shownId]);

  const jobId = job?.jobId ?? null;
  const jobHierarchyId = job?.hierarchyId ?? null;
  useEffect(() => {
    if (jobId === null || jobHierarchyId === null) return;
    let settled = false;
    const finish = (state: 'done' | 'failed' | 'cancelled', reason: string | null): void => {
      if (settled) return;
      settled = true;
      setJob(null);
      if (state === 'done') {
        setStatus('exploration finished.');
        void refresh(jobHierarchyId).catch((err: Error) => setStatus(err.message));
      } else setStatus(state === 'cancelled' ? 'exploration cancelled.' : `exploration failed: ${reason ?? 'unknown reason'}`);
    };
    const unsubscribe = api.subscribe((e) => {
      if (e.type === 'job.progress' && e.payload.jobId === jobId) {
        setJob((j) => (j && j.jobId === jobId ? { ...j, progress: e.payload.progress, step: e.payload.step } : j));
      } else if (e.type === 'job.done' && e.payload.jobId === jobId) finish('done', null);
      else if (e.type === 'job.failed' && e.payload.jobId === jobId) finish(e.payload.cancelled ? 'cancelled' : 'failed', e.payload.reason);
    });
    // The job may have settled before this subscription existed.
    void api
      .call('jobs.list', {})
      .then(({ jobs }) => {
        const info = jobs.find((j) => j.jobId === jobId);
        if (info && (info.state === 'done' || info.state === 'failed' || info.state === 'cancelled')) finish(info.state, info.message);
      })
      .catch(() => undefined);
    return () => {
      settled = true;
      unsubscribe();
    };
  }, [api, jobId, jobHierarchyId, refresh]);

  const shownRuns = runs.filter((r) => r.spec.teacher === teacher);
  const graph = useMemo(() => {
    let data: { nodes: ViewNode[]; edges: HierarchyEdge[] };
    if (explored) data = exploredHierarchy(explored);
    else {
      const input: HierarchyRun[] = shownRuns.map((r) => ({
        runId: r.runId,
        name: r.name,
        origin: r.origin,
        width: r.spec.width,
        finalLoss: r.result.finalLoss,
        success: r.result.success,
        classification: r.result.classification,
      }));
      data = hierarchy(input);
    }
    return { nodes: data.nodes.map((n) => ({ ...n, hits: n.hits ?? Math.max(1, n.runIds.length) })), edges: data.edges };
  }, [explored, shownRuns]);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const theme = useFigureTheme();
  const [box, boxWidth] = useElementWidth<HTMLDivElement>(640);
  const figureSize = { width: boxWidth, height: Math.round(Math.min(640, Math.max(340, boxWidth * 0.62))) };
  const zoom = useZoomPan(figureSize.width, figureSize.height);
  const [detailId, setDetailId] = useState<string | null>(null);
  const detail = detailId ? byId.get(detailId) : undefined;
  const selectedId = detailId ?? graph.nodes.find((n) => n.runIds.includes(selectedRunId ?? ''))?.id ?? null;
  const exploredNode = (id: number) => explored?.nodes.find((n) => n.id === id);

  const explore = async (): Promise<void> => {
    const ws = parseNumberList(widths);
    const gs = parseNumberList(gammas);
    if (!ws || !gs) {
      setStatus(!ws ? 'widths: expected numbers, e.g. "2, 3"' : 'γ: expected numbers, e.g. "0.5, 0.25"');
      return;
    }
    const request: MethodParams<'hierarchy.explore'> = {
      teacher,
      widths: ws,
      seedsPerWidth: Number(seeds),
      gammas: gs,
      nudge: Number(nudge),
      method,
      ...(samples.trim() !== '' ? { samples: Number(samples) } : {}),
      ...(maxSteps.trim() !== '' ? { maxSteps: Number(maxSteps) } : {}),
    };
    const started = await api.call('hierarchy.explore', request);
    setJob({ jobId: started.jobId, hierarchyId: started.hierarchyId, progress: 0, step: 0 });
    setStatus('exploring…');
  };

  const cancel = async (): Promise<void> => {
    if (job) await api.call('jobs.cancel', { jobId: job.jobId });
  };

  const clickNode = (n: ViewNode): void => {
    setDetailId(n.id);
    if (explored && n.nodeId !== undefined) {
      onSelectPoint(
        { kind: 'hierarchy', hierarchyId: explored.summary.hierarchyId, node: n.nodeId },
        `hierarchy node ${n.nodeId} (${n.classification ?? n.kind}, width ${n.width}, L = ${formatNumber(n.loss, 4)})`,
      );
    } else if (n.runIds[0]) onSelect(n.runIds[0]);
  };

  return (
    <div data-testid="hierarchy">
      <div className="controls">
        <label>
          Teacher
          <select value={teacher} onChange={(e) => setTeacher(e.target.value as TeacherName)}>
            {TEACHERS.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Widths
          <input data-testid="hierarchy-widths" value={widths} onChange={(e) => setWidths(e.target.value)} style={{ width: '5rem' }} />
        </label>
        <label>
          Seeds / width
          <input data-testid="hierarchy-seeds" type="number" min={1} value={seeds} onChange={(e) => setSeeds(e.target.value)} style={{ width: '4rem' }} />
        </label>
        <label>
          γ
          <input data-testid="hierarchy-gammas" value={gammas} onChange={(e) => setGammas(e.target.value)} style={{ width: '5rem' }} />
        </label>
        <label title="escape nudge: each split point is moved ±ε along its escape direction (the unit eigenvector of the most negative Hessian eigenvalue) before descending — unlike the split panel's random nudge">
          Escape nudge ±ε
          <input value={nudge} onChange={(e) => setNudge(e.target.value)} style={{ width: '4rem' }} />
        </label>
        <label>
          Samples
          <input data-testid="hierarchy-samples" type="number" min={1} placeholder="default" value={samples} onChange={(e) => setSamples(e.target.value)} style={{ width: '5rem' }} />
        </label>
        <label>
          Trainer
          <select value={method} onChange={(e) => setMethod(e.target.value as TrainMethod)}>
            {TRAIN_METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          Max steps
          <input type="number" min={1} placeholder="default" value={maxSteps} onChange={(e) => setMaxSteps(e.target.value)} style={{ width: '5rem' }} />
        </label>
        <button type="button" data-testid="hierarchy-explore" disabled={job !== null} onClick={() => void explore().catch((e: Error) => setStatus(e.message))}>
          Explore
        </button>
        {job && (
          <>
            <span className="hierarchy-progress">
              <ProgressBar value={job.progress} label="hierarchy exploration" />
            </span>
            <span className="status-line">{job.step} descents</span>
            <button type="button" data-testid="hierarchy-cancel" onClick={() => void cancel().catch((e: Error) => setStatus(e.message))}>
              Cancel
            </button>
          </>
        )}
        <label>
          Show
          <select data-testid="hierarchy-shown" value={shownId} onChange={(e) => setShownId(e.target.value)}>
            <option value="">{teacher} runs in the workspace</option>
            {stored.map((h) => (
              <option key={h.hierarchyId} value={h.hierarchyId}>
                {exploreLabel(h)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {status && <p className="status-line">{status}</p>}
      {graph.nodes.length === 0 ? (
        <p className="empty">{explored ? 'The exploration found no points.' : `No ${teacher} runs yet.`}</p>
      ) : (
        <>
          <div className="controls">
            <span>Zoom</span>
            <button type="button" data-testid="hierarchy-zoom-in" onClick={() => zoom.zoomBy(1.5)}>
              +
            </button>
            <button type="button" data-testid="hierarchy-zoom-out" onClick={() => zoom.zoomBy(1 / 1.5)}>
              −
            </button>
            <button type="button" data-testid="hierarchy-zoom-reset" onClick={zoom.reset} disabled={zoom.zoom === 1}>
              reset
            </button>
            <span className="status-line">wheel: zoom, drag: pan; click a node for its details{explored ? ' and landscape' : ''}.</span>
          </div>
          <div ref={(el) => { box(el); zoom.ref(el); }} className="zoomable" {...zoom.handlers}>
            <HierarchyFigure
              nodes={graph.nodes}
              edges={graph.edges}
              theme={theme}
              {...figureSize}
              viewBox={zoom.viewBox}
              selectedId={selectedId}
              onNodeClick={(id) => {
                const n = byId.get(id);
                if (n) clickNode(n);
              }}
            />
          </div>
          {detail && <NodeDetails node={detail} explored={detail.nodeId !== undefined ? exploredNode(detail.nodeId) : undefined} />}
          <FigureExport
            fileName={`hierarchy-${explored ? explored.summary.hierarchyId : teacher}`}
            defaultSize={{ width: 640, height: 440 }}
            figure={(t, size) => (
              <HierarchyFigure nodes={graph.nodes} edges={graph.edges} theme={t} title={explored ? `${explored.summary.request.teacher}, widths ${explored.summary.widths.join(', ')}` : `${teacher} runs`} {...size} />
            )}
          />
        </>
      )}
      <p className="status-line">
        Points of one width at equal loss are stacked (×n); the loss axis is broken where nothing lies in between (global minima below the break).
        {explored && ` ${explored.summary.runs} descents, ${explored.summary.uphill} ended uphill, ${formatNumber(explored.summary.seconds, 3)} s.`}
      </p>
    </div>
  );
}

/** What is known about a clicked node: its certificate numbers (explorations) or its runs. */
function NodeDetails({ node, explored }: { node: ViewNode; explored: HierarchyGraph['nodes'][number] | undefined }) {
  return (
    <div className="axis-notes" data-testid="hierarchy-details">
      <b>{node.split ? 'split point' : (node.classification ?? KIND_LABELS[node.kind])}</b>, width {node.width}, L = {formatNumber(node.loss, 6)}
      {explored && (
        <>
          , ‖∇L‖ = {formatNumber(explored.gradNorm, 3)}, index {explored.index} (λmin = {formatNumber(explored.minEigenvalue, 3)}), reached {explored.hits}× (
          {explored.origin}
          {explored.seeds.length > 0 ? `, seeds ${explored.seeds.slice(0, 8).join(', ')}${explored.seeds.length > 8 ? '…' : ''}` : ''}), reduced width {explored.reducedWidth}.
        </>
      )}
      {!explored && node.runIds.length > 0 && <> — {node.runIds.length} run(s): {node.runIds.slice(0, 6).join(', ')}{node.runIds.length > 6 ? '…' : ''}.</>}
    </div>
  );
}

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
import { hierarchy, placeHierarchy, type HierarchyEdge, type HierarchyNode, type HierarchyRun } from './hierarchyData';
import { decadeTicks, formatNumber } from './shared/ticks';

interface Props {
  readonly api: StudioApi;
  readonly runs: readonly RunSummary[];
  readonly selectedRunId: string | null;
  onSelect(runId: string): void;
  /** An explored node was clicked: show the landscape around it. */
  onSelectPoint(source: PointSource, label: string): void;
}

const BOX = { width: 560, height: 300 };

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
  const [selectedNode, setSelectedNode] = useState<number | null>(null);

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
        width: r.spec.width,
        finalLoss: r.result.finalLoss,
        success: r.result.success,
        classification: r.result.classification,
      }));
      data = hierarchy(input);
    }
    const placed = placeHierarchy(data.nodes, BOX);
    return { ...placed, placed: placed.placed as (ViewNode & { x: number; y: number })[], edges: data.edges };
  }, [explored, shownRuns]);
  const byId = new Map(graph.placed.map((n) => [n.id, n]));

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
    if (explored && n.nodeId !== undefined) {
      setSelectedNode(n.nodeId);
      onSelectPoint(
        { kind: 'hierarchy', hierarchyId: explored.summary.hierarchyId, node: n.nodeId },
        `hierarchy node ${n.nodeId} (${n.classification ?? n.kind}, width ${n.width}, L = ${formatNumber(n.loss, 4)})`,
      );
    } else if (n.runIds[0]) onSelect(n.runIds[0]);
  };
  const isSelected = (n: ViewNode): boolean => (n.nodeId !== undefined ? n.nodeId === selectedNode : n.runIds.includes(selectedRunId ?? ''));

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
        <label>
          Nudge
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
      {graph.placed.length === 0 ? (
        <p className="empty">{explored ? 'The exploration found no points.' : `No ${teacher} runs yet.`}</p>
      ) : (
        <svg className="plot" viewBox={`-50 -6 ${BOX.width + 60} ${BOX.height + 30}`} role="img" aria-label="critical-point hierarchy">
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
              <path d="M0,0L10,5L0,10z" fill="currentColor" />
            </marker>
          </defs>
          {decadeTicks(graph.yRange[0], graph.yRange[1], 7).map((k) => {
            const y = 16 + ((graph.yRange[1] - k) / (graph.yRange[1] - graph.yRange[0])) * (BOX.height - 32);
            return (
              <g key={k}>
                <line className="grid" x1={0} x2={BOX.width} y1={y} y2={y} />
                <text x={-4} y={y + 3} textAnchor="end">
                  {k === 0 ? '1' : `1e${k}`}
                </text>
              </g>
            );
          })}
          {graph.widths.map((w, i) => (
            <text key={w} x={((i + 0.5) / graph.widths.length) * BOX.width} y={BOX.height + 16} textAnchor="middle">
              width {w}
            </text>
          ))}
          {graph.edges.map((e) => {
            const a = byId.get(e.from)!;
            const b = byId.get(e.to)!;
            return (
              <line
                key={`${e.from}-${e.to}`}
                x1={a.x}
                y1={a.y}
                x2={b.x}
                y2={b.y}
                stroke="var(--muted)"
                strokeDasharray={e.kind === 'embed' ? '4 3' : undefined}
                markerEnd="url(#arrow)"
                style={{ color: 'var(--muted)' }}
              />
            );
          })}
          {graph.placed.map((n) => (
            <g
              key={n.id}
              style={{ cursor: n.nodeId !== undefined || n.runIds.length > 0 ? 'pointer' : 'default' }}
              onClick={() => clickNode(n)}
              data-testid="hierarchy-node"
              data-kind={n.kind}
            >
              {n.split ? (
                <rect x={n.x - 5} y={n.y - 5} width={10} height={10} className={`kind-${n.kind}`} />
              ) : (
                <circle cx={n.x} cy={n.y} r={4 + Math.min(6, n.hits ?? n.runIds.length)} className={`kind-${n.kind}`} stroke={isSelected(n) ? 'var(--fg)' : 'none'} strokeWidth={2} />
              )}
              <title>{`${n.split ? 'split point' : (n.classification ?? n.kind)}, width ${n.width}, L = ${formatNumber(n.loss, 4)}${n.runIds.length ? `, ${n.runIds.length} run(s)` : ''}${n.hits ? `, found ${n.hits}×` : ''}`}</title>
            </g>
          ))}
        </svg>
      )}
      <p className="status-line">
        ● global minimum (green), minimum (blue), saddle (red); ■ split points; dashed: a minimum embedded in the wider net (split); arrows: where the escape went. Size: number of runs / hits.
        {explored && ` ${explored.summary.runs} descents, ${explored.summary.uphill} ended uphill, ${formatNumber(explored.summary.seconds, 3)} s.`}
      </p>
    </div>
  );
}

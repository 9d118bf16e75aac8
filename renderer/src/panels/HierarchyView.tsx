/**
 * The critical-point hierarchy (the paper's Fig. 5): columns by width, log loss vertically,
 * nodes by type, arrows from split points to the minima their escapes reached. "Explore" fills
 * it: train seeds per width, then split every (non-global) minimum's neurons and descend.
 * Click a node to select its run (and so open its landscape).
 */
import { useMemo, useState } from 'react';
import type { StudioApi } from '../../../contract/api';
import type { RunSummary } from '../../../contract/runs';
import type { TeacherName, TrainMethod } from '../../../contract/vocabulary';
import { TEACHERS, TRAIN_METHODS } from '../../../contract/vocabulary';
import { hierarchy, placeHierarchy, type HierarchyRun } from './hierarchyData';
import { decadeTicks, formatNumber } from './shared/ticks';
import { parseSplitRunName, splitRunName } from './splitProvenance';

interface Props {
  readonly api: StudioApi;
  readonly runs: readonly RunSummary[];
  readonly selectedRunId: string | null;
  onSelect(runId: string): void;
}

const BOX = { width: 560, height: 300 };
const MAX_SPLITS_PER_CLICK = 24;

export function HierarchyView({ api, runs, selectedRunId, onSelect }: Props) {
  const [teacher, setTeacher] = useState<TeacherName>('fig6');
  const [widths, setWidths] = useState('3, 4');
  const [seeds, setSeeds] = useState('8');
  const [method, setMethod] = useState<TrainMethod>('minimize');
  const [status, setStatus] = useState<string | null>(null);
  const shown = runs.filter((r) => r.spec.teacher === teacher);
  const graph = useMemo(() => {
    const input: HierarchyRun[] = shown.map((r) => ({
      runId: r.runId,
      name: r.name,
      width: r.spec.width,
      finalLoss: r.result.finalLoss,
      success: r.result.success,
      classification: r.result.classification,
    }));
    const { nodes, edges } = hierarchy(input);
    return { ...placeHierarchy(nodes, BOX), edges };
  }, [shown]);
  const byId = new Map(graph.placed.map((n) => [n.id, n]));

  const train = async (): Promise<void> => {
    const ws = widths.split(/[ ,]+/).map(Number).filter((w) => Number.isInteger(w) && w > 0);
    const n = Math.max(1, Math.min(1000, Number(seeds) || 1));
    for (const width of ws) await api.call('experiments.start', { teacher, width, method, seeds: Array.from({ length: n }, (_, i) => i), name: `explore ${teacher} w${width}` });
    setStatus(`started ${ws.length} batch(es) of ${n} seeds; when they finish, split the minima.`);
  };

  const splitMinima = async (): Promise<void> => {
    const alreadySplit = new Set(shown.map((r) => parseSplitRunName(r.name)).filter((o) => o !== null).map((o) => `${o.parentRunId}/${o.neuron}`));
    let started = 0;
    for (const run of shown) {
      if (run.result.success || !/min/i.test(run.result.classification ?? '')) continue;
      for (let neuron = 0; neuron < run.spec.width && started < MAX_SPLITS_PER_CLICK; neuron++) {
        if (alreadySplit.has(`${run.runId}/${neuron}`)) continue;
        const gamma = 0.5;
        const perturb = 1e-3;
        const split = await api.call('split', { source: { kind: 'run', runId: run.runId }, neuron, gamma, perturb, perturbSeed: neuron });
        await api.call('experiments.start', {
          name: splitRunName({ parentRunId: run.runId, neuron, gamma, perturb }),
          teacher: run.spec.teacher,
          ...(run.spec.samples !== null ? { samples: run.spec.samples } : {}),
          dataSeed: run.spec.dataSeed,
          width: run.spec.width + 1,
          ...(run.spec.activation !== null ? { activation: run.spec.activation } : {}),
          method: run.spec.method,
          seeds: [run.spec.seed],
          budgets: run.spec.budgets,
          initialTheta: split.theta,
        });
        started++;
      }
    }
    setStatus(started > 0 ? `started ${started} split run(s).` : 'no unsplit minima (classification must say minimum).');
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
          <input value={widths} onChange={(e) => setWidths(e.target.value)} style={{ width: '5rem' }} />
        </label>
        <label>
          Seeds
          <input type="number" min={1} value={seeds} onChange={(e) => setSeeds(e.target.value)} />
        </label>
        <label>
          Trainer
          <select value={method} onChange={(e) => setMethod(e.target.value as TrainMethod)}>
            {TRAIN_METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void train().catch((e: Error) => setStatus(e.message))}>
          Explore: train
        </button>
        <button type="button" onClick={() => void splitMinima().catch((e: Error) => setStatus(e.message))}>
          Split minima &amp; descend
        </button>
      </div>
      {status && <p className="status-line">{status}</p>}
      {graph.placed.length === 0 ? (
        <p className="empty">No {teacher} runs yet.</p>
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
              style={{ cursor: n.runIds.length > 0 ? 'pointer' : 'default' }}
              onClick={() => n.runIds[0] && onSelect(n.runIds[0])}
              data-testid="hierarchy-node"
              data-kind={n.kind}
            >
              {n.split ? (
                <rect x={n.x - 5} y={n.y - 5} width={10} height={10} className={`kind-${n.kind}`} />
              ) : (
                <circle cx={n.x} cy={n.y} r={4 + Math.min(6, n.runIds.length)} className={`kind-${n.kind}`} stroke={n.runIds.includes(selectedRunId ?? '') ? 'var(--fg)' : 'none'} strokeWidth={2} />
              )}
              <title>{`${n.split ? 'split point' : n.kind}, width ${n.width}, L = ${formatNumber(n.loss, 4)}${n.runIds.length ? `, ${n.runIds.length} run(s)` : ''}`}</title>
            </g>
          ))}
        </svg>
      )}
      <p className="status-line">● global minimum (green), minimum (blue), saddle (red); ■ split points; dashed: a minimum embedded in the wider net; arrows: where the escape went. Size: number of runs.</p>
    </div>
  );
}

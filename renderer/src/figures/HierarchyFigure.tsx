// @jsxRuntime automatic (tsx/esbuild in Node read the root tsconfig.json, which sets no jsx mode)
/**
 * The critical-point hierarchy as a figure (the paper's Fig. 5): columns by student width,
 * loss on a broken log axis (global minima in their own strip below the break), nodes coloured
 * by type with a complete legend, split points as squares, split edges dashed grey (a minimum
 * embedded one width up), escape edges as curved arrows coloured by where the escape went,
 * equal points stacked with their count. Layout in hierarchyLayout.ts.
 */
import type { HierarchyEdge, NodeKind } from '../panels/hierarchyData';
import { formatNumber } from '../panels/shared/ticks';
import { AxisBottom, FigureFrame, Legend, legendHeight, type LegendEntry } from './Frame';
import { layoutHierarchy, type HierarchyFigureNode, type Stack } from './hierarchyLayout';
import { powerLabel } from './labels';
import { plotArea, px, textWidth, thinTicks, type Size } from './layout';
import type { FigureTheme } from './theme';

export interface HierarchyFigureProps extends Size {
  readonly nodes: readonly HierarchyFigureNode[];
  readonly edges: readonly HierarchyEdge[];
  readonly theme: FigureTheme;
  readonly title?: string;
  /** Screen only: the selected node's id (ringed) and the click handler (any id of a stack). */
  readonly selectedId?: string | null;
  onNodeClick?(id: string): void;
  /** Screen only: a viewBox override for zoom and pan. */
  readonly viewBox?: string;
}

export const KIND_LABELS: Record<NodeKind, string> = {
  global: 'global minimum',
  minimum: 'local minimum',
  saddle: 'saddle',
  other: 'not critical / undecided',
};

function describe(s: Stack): string {
  const what = s.split ? 'split point' : (s.classification ?? KIND_LABELS[s.kind]);
  return `${what}, width ${s.width}, L = ${formatNumber(s.loss, 4)}${s.count > 1 ? `, ${s.count} points at this loss` : ''}${s.hits > 1 ? `, reached ${s.hits}×` : ''}`;
}

export function HierarchyFigure({ nodes, edges, theme, width, height, title, selectedId, onNodeClick, viewBox }: HierarchyFigureProps) {
  const fs = theme.fontSize;
  const kindsPresent = new Set(nodes.filter((n) => !n.split).map((n) => n.kind));
  const entries: LegendEntry[] = (['global', 'minimum', 'saddle', 'other'] as const).map((k) => ({
    label: `${KIND_LABELS[k]}${kindsPresent.has(k) ? '' : ' (none)'}`,
    color: theme.kinds[k],
    shape: 'circle',
  }));
  entries.push(
    { label: 'split point', color: theme.kinds.saddle, shape: 'square' },
    { label: 'split: minimum → one width up', color: theme.muted, shape: 'dashed' },
    { label: 'escape: descent from a split point', color: theme.foreground, shape: 'arrow' },
  );
  const titleHeight = title ? fs * 1.6 : 4;
  const legendH = legendHeight(entries, width - 80, fs);
  const area = plotArea({ width, height }, { left: 72, right: 16, top: titleHeight + legendH + 10, bottom: 46 });
  const layout = layoutHierarchy(nodes, area);
  const yTicks = layout.bands.flatMap((b) => {
    const ticks = [];
    const first = Math.ceil(b.lo - 1e-9);
    const last = Math.floor(b.hi + 1e-9);
    for (let k = first; k <= last; k++) ticks.push({ at: layout.yOf(k), label: powerLabel(k), priority: 1 });
    // A band spanning few decades also gets 2·10ᵏ and 5·10ᵏ, so it is never left with one label.
    if (last - first < 2)
      for (let k = first - 1; k <= last; k++)
        for (const m of [2, 5]) {
          const v = k + Math.log10(m);
          if (v > b.lo && v < b.hi) ticks.push({ at: layout.yOf(v), label: `${m}×${powerLabel(k)}`, priority: 0 });
        }
    return thinTicks(ticks, fs * 1.35);
  });
  const xTicks = layout.widths.map((w) => ({ at: layout.columnX(w) + 0.15 * layout.columnWidth, label: `m = ${w}` }));
  const ink = (s: Stack) => theme.kinds[s.kind];
  const selected = selectedId ? layout.stackOf.get(selectedId) : undefined;
  const widestTick = Math.max(0, ...yTicks.map((t) => textWidth(t.label, fs)));
  return (
    <FigureFrame
      width={width}
      height={height}
      theme={theme}
      label={title ? `Critical-point hierarchy — ${title}` : 'Critical-point hierarchy'}
      svgProps={viewBox ? { viewBox } : undefined}
    >
      <defs>
        {(['global', 'minimum', 'saddle', 'other'] as const).map((k) => (
          <marker key={k} id={`arrow-${k}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0L10,5L0,10z" fill={theme.kinds[k]} />
          </marker>
        ))}
      </defs>
      {title && (
        <text x={width / 2} y={fs * 1.2} textAnchor="middle" fill={theme.foreground} fontSize={fs * 1.15}>
          {title}
        </text>
      )}
      <Legend x={area.left} y={titleHeight} width={width - 80} entries={entries} theme={theme} />
      {/* Left axis, one segment per band, with break marks in the gaps. */}
      <g data-axis="y">
        {yTicks.map((t) => (
          <g key={`y${t.label}${t.at}`}>
            <line x1={area.left} x2={area.left + area.width} y1={px(t.at)} y2={px(t.at)} stroke={theme.grid} strokeWidth={0.6} />
            <line x1={area.left - 4} x2={area.left} y1={px(t.at)} y2={px(t.at)} stroke={theme.axis} />
            <text x={area.left - 6} y={px(t.at)} dy="0.35em" textAnchor="end" fill={theme.muted}>
              {t.label}
            </text>
          </g>
        ))}
        {layout.bands.map((b, i) => (
          <g key={`band${i}`}>
            <line x1={area.left} x2={area.left} y1={px(b.top)} y2={px(b.bottom)} stroke={theme.axis} />
            {i > 0 && (
              <g data-testid="axis-break">
                <path d={`M${area.left - 6},${px(b.top - 5)}l12,-5M${area.left - 6},${px(b.top - 1)}l12,-5`} stroke={theme.axis} strokeWidth={1.1} />
                <line x1={area.left + 8} x2={area.left + area.width} y1={px(b.top - 8)} y2={px(b.top - 8)} stroke={theme.grid} strokeDasharray="2 4" />
              </g>
            )}
          </g>
        ))}
        <text
          transform={`translate(${px(area.left - widestTick - 16)} ${px(area.top + area.height / 2)}) rotate(-90)`}
          textAnchor="middle"
          fill={theme.foreground}
          fontSize={fs * 1.1}
        >
          loss L (log scale, axis broken at gaps)
        </text>
      </g>
      <AxisBottom area={area} ticks={xTicks} title="student width m (hidden neurons)" theme={theme} />
      {edges.map((e) => {
        const a = layout.stackOf.get(e.from);
        const b = layout.stackOf.get(e.to);
        if (!a || !b || a === b || !Number.isFinite(a.y) || !Number.isFinite(b.y)) return null;
        if (e.kind === 'embed')
          return (
            <line key={`${e.from}-${e.to}`} data-edge="split" x1={px(a.x + a.r)} y1={px(a.y)} x2={px(b.x - b.r)} y2={px(b.y)} stroke={theme.muted} strokeWidth={1.2} strokeDasharray="4 3" />
          );
        // Curved escape arrows: bulge sideways so arrows into one target do not lie on top of each other.
        const mx = (a.x + b.x) / 2 + 0.18 * layout.columnWidth;
        const my = (a.y + b.y) / 2;
        // End on the target's rim, facing the curve's control point (where the arrow comes from).
        const len = Math.hypot(mx - b.x, my - b.y) || 1;
        const end = { x: b.x + ((b.r + 2) * (mx - b.x)) / len, y: b.y + ((b.r + 2) * (my - b.y)) / len };
        return (
          <path
            key={`${e.from}-${e.to}`}
            data-edge="escape"
            d={`M${px(a.x)},${px(a.y)}Q${px(mx)},${px(my)} ${px(end.x)},${px(end.y)}`}
            fill="none"
            stroke={ink(b)}
            strokeWidth={1.4}
            markerEnd={`url(#arrow-${b.kind})`}
          />
        );
      })}
      {layout.stacks.map((s) =>
        Number.isFinite(s.y) ? (
          <g
            key={s.key}
            data-testid="hierarchy-node"
            data-kind={s.kind}
            data-count={s.count}
            style={onNodeClick ? { cursor: 'pointer' } : undefined}
            onClick={onNodeClick ? () => onNodeClick(s.ids[0]) : undefined}
          >
            {s.split ? (
              <rect x={px(s.x - 5)} y={px(s.y - 5)} width={10} height={10} fill={ink(s)} stroke={theme.background} strokeWidth={1} />
            ) : (
              <circle cx={px(s.x)} cy={px(s.y)} r={px(s.r)} fill={ink(s)} stroke={theme.background} strokeWidth={1} />
            )}
            {s.count > 1 && (
              <text x={px(s.x + s.r + 2)} y={px(s.y - s.r)} fill={theme.foreground} fontSize={fs * 0.85}>
                ×{s.count}
              </text>
            )}
            <title>{describe(s)}</title>
          </g>
        ) : null,
      )}
      {selected && Number.isFinite(selected.y) && (
        <circle data-testid="hierarchy-selected" cx={px(selected.x)} cy={px(selected.y)} r={px(selected.r + 4)} fill="none" stroke={theme.foreground} strokeWidth={1.6} />
      )}
    </FigureFrame>
  );
}

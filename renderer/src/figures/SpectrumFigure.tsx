// @jsxRuntime automatic (tsx/esbuild in Node read the root tsconfig.json, which sets no jsx mode)
/**
 * The Hessian spectrum as a figure: every eigenvalue λ_k (ascending) against its index k on a
 * symmetric-log axis, negative ones red, flat ones grey, with axis titles, counts in the legend and
 * non-overlapping tick labels. At a `kink-stationary` point (ReLU kink, Clarke stationary: 0 lies
 * in the Clarke subdifferential and the Hessian restricted to the kink manifold is PSD) negative
 * eigenvalues of the smooth-piece Hessian are not escape directions: they are drawn hollow and
 * the note says why, instead of looking like a saddle.
 */
import { spectrumLayout } from '../panels/spectrumData';
import { AxisBottom, AxisLeft, FigureFrame, Legend, legendHeight, Note, noteHeight, type LegendEntry } from './Frame';
import { niceIndexTicks } from './indexTicks';
import { numberLabel } from './labels';
import { linear, plotArea, px, thinTicks, type Size } from './layout';
import { symlog } from '../panels/shared/symlog';
import type { FigureTheme } from './theme';

export interface SpectrumFigureProps extends Size {
  readonly eigenvalues: readonly number[];
  readonly classification?: string | null;
  readonly theme: FigureTheme;
  /** Figure title (e.g. the point's name); omitted when empty. */
  readonly title?: string;
  /** The engine's reason for the classification (certificate), shown in the note when given. */
  readonly reason?: string | null;
  /**
   * A partial spectrum (large networks): `eigenvalues` holds the lowest `smallestCount` then the
   * highest ones of `parameterCount`; drawn as two groups with a break on the index axis.
   */
  readonly partial?: { readonly smallestCount: number; readonly parameterCount: number } | null;
  /** Screen only: an eigenvalue was clicked (its position in `eigenvalues`). */
  onPick?(index: number): void;
}

export const KINK_NOTE =
  'kink point: 0 is in the Clarke subdifferential and the Hessian restricted to the kink manifold is PSD (kink min: every kink convex; kink (descent): a concave kink gives a descent direction); hollow ◇ negative eigenvalues belong to one smooth piece and are not escape directions.';

export function SpectrumFigure({ eigenvalues, classification, theme, width, height, title, reason, partial, onPick }: SpectrumFigureProps) {
  const kink = classification === 'kink-stationary' || classification === 'kink-min';
  const fs = theme.fontSize;
  // Box-independent parts of the panel's layout: which marks are negative/flat, the threshold, tick values.
  const layout = spectrumLayout(eigenvalues, { width: 100, height: 100 });
  const entries: LegendEntry[] = [
    { label: `λ < 0 (${layout.negativeCount})${kink ? ' — smooth piece only' : ''}`, color: theme.negative, shape: kink ? 'diamond' : 'circle' },
    { label: `λ > 0 (${eigenvalues.length - layout.negativeCount - layout.flatCount})`, color: theme.positive, shape: 'circle' },
    { label: `flat, |λ| ≤ 1e-10·max (${layout.flatCount})`, color: theme.flat, shape: 'circle' },
  ];
  const note = [
    `symmetric-log axis, linear within ±${numberLabel(layout.threshold, 2)}.`,
    classification ? `Classification: ${classification}.` : '',
    kink ? KINK_NOTE : '',
    reason ? `Certificate: ${reason}.` : '',
  ]
    .filter((s) => s !== '')
    .join(' ');
  const innerWidth = width - 86;
  const titleHeight = title ? fs * 1.6 : 4;
  const legendH = legendHeight(entries, innerWidth, fs);
  const noteH = noteHeight(note, width - 24, theme);
  const area = plotArea({ width, height }, { left: 74, right: 12, top: titleHeight + legendH + 8, bottom: 44 + noteH });
  const n = eigenvalues.length;
  // y from the data's own symlog range (not symmetric about 0): a spectrum without negative
  // eigenvalues keeps only a thin strip below zero instead of an empty lower half.
  const c = layout.threshold;
  const sv = eigenvalues.map((v) => symlog(v, c));
  const sHi = Math.max(0, ...sv);
  const sLo = Math.min(0, ...sv);
  const span = sHi - sLo || 1;
  const yOf = linear(sHi + 0.06 * span, sLo - (sLo < 0 ? 0.06 : 0.1) * span, area.top, area.top + area.height);
  const yTicks = thinTicks(
    layout.ticks.map((t) => ({
      at: yOf(symlog(t.value, c)),
      label: numberLabel(t.value, 2),
      // 0 first, then the outermost decades, so the labels that matter survive thinning.
      priority: t.value === 0 ? 1e9 : Math.abs(Math.log10(Math.abs(t.value))),
    })),
    fs * 1.3,
    [area.top, area.top + area.height],
  );
  // Index axis: array position i → slot; a partial spectrum leaves a gap of GAP slots between its groups.
  const s = partial ? Math.min(Math.max(0, partial.smallestCount), n) : n;
  const P = partial ? Math.max(partial.parameterCount, n) : n;
  const GAP = partial && s > 0 && s < n ? Math.max(2, Math.round(n / 8)) : 0;
  const slots = Math.max(1, n - 1 + GAP);
  const xOf = (i: number) => (n > 1 ? area.left + 8 + ((i + (i >= s ? GAP : 0)) / slots) * (area.width - 16) : area.left + area.width / 2);
  const trueIndex = (i: number) => (i < s ? i + 1 : P - (n - i) + 1);
  const xTicks = GAP
    ? [0, s - 1, s, n - 1].map((i) => ({ at: xOf(i), label: String(trueIndex(i)), priority: 1 }))
    : niceIndexTicks(n).map((k) => ({ at: xOf(k - 1), label: String(k), priority: k === 1 || k === n ? 1 : 0 }));
  // Short enough for a 360-px-wide panel (the longer wording was cut at the right edge).
  const xTitle = GAP ? `eigenvalue index k: lowest ${s}, highest ${n - s} of ${P}` : `eigenvalue index k (ascending, ${n} in all)`;
  const breakX = GAP ? (xOf(s - 1) + xOf(s)) / 2 : null;
  return (
    <FigureFrame width={width} height={height} theme={theme} label={title ? `Hessian spectrum — ${title}` : 'Hessian spectrum'}>
      {title && (
        <text x={width / 2} y={fs * 1.2} textAnchor="middle" fill={theme.foreground} fontSize={fs * 1.15}>
          {title}
        </text>
      )}
      <Legend x={area.left} y={titleHeight} width={innerWidth} entries={entries} theme={theme} />
      <AxisLeft area={area} ticks={yTicks} title="Hessian eigenvalue λₖ" theme={theme} />
      <AxisBottom area={area} ticks={thinTicks(xTicks, fs * 2.2)} title={xTitle} theme={theme} />
      {breakX !== null && (
        <g data-testid="index-break">
          <rect x={px(breakX - 6)} y={area.top + area.height - 4} width={12} height={8} fill={theme.background} />
          <path d={`M${px(breakX - 7)},${area.top + area.height + 4}l5,-8M${px(breakX + 2)},${area.top + area.height + 4}l5,-8`} stroke={theme.axis} strokeWidth={1.1} />
        </g>
      )}
      <line x1={area.left} x2={area.left + area.width} y1={px(yOf(0))} y2={px(yOf(0))} stroke={theme.axis} strokeWidth={0.8} strokeDasharray="3 2" />
      {layout.marks.map((m) => {
        const cx = px(xOf(m.index));
        const cy = px(yOf(sv[m.index]));
        const tip = `λ${trueIndex(m.index)} = ${m.value.toExponential(4)}${onPick ? ' — click: use its eigenvector as the α axis' : ''}`;
        const common = {
          'data-testid': 'eigenvalue',
          'data-value': m.value,
          style: onPick ? { cursor: 'pointer' } : undefined,
          onClick: onPick ? () => onPick(m.index) : undefined,
        };
        if (m.negative && kink)
          return (
            <path key={m.index} {...common} className="eig-kink" d={`M${cx},${cy - 5}L${cx + 5},${cy}L${cx},${cy + 5}L${cx - 5},${cy}Z`} fill="none" stroke={theme.negative} strokeWidth={1.4}>
              <title>{tip}</title>
            </path>
          );
        return (
          <circle
            key={m.index}
            {...common}
            className={m.negative ? 'eig-neg' : m.flat ? 'eig-flat' : 'eig-pos'}
            cx={cx}
            cy={cy}
            r={m.negative ? 4.5 : 3.2}
            fill={m.negative ? theme.negative : m.flat ? theme.flat : theme.positive}
          >
            <title>{tip}</title>
          </circle>
        );
      })}
      <Note x={12} y={height - noteH - 2} width={width - 24} text={note} theme={theme} />
    </FigureFrame>
  );
}

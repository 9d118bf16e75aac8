// @jsxRuntime automatic (tsx/esbuild in Node read the root tsconfig.json, which sets no jsx mode)
/**
 * Loss curves as a figure: several runs' L(t) on a log loss axis (time linear or log(1 + t)),
 * a legend naming each run, the time slider's position, and — when a run records its trainer
 * phases (flow, polish, …) — each phase drawn as its own segment (one run: a colour per phase;
 * several runs: the run's colour, a dash pattern per phase) with the phase boundaries marked.
 */
import { curveAxes, curveTicks, decimate, pathOf, toPixels, type Curve } from '../panels/lossCurvesData';
import { AxisBottom, AxisLeft, FigureFrame, Legend, legendHeight, type LegendEntry, type LegendShape } from './Frame';
import { powerLabel } from './labels';
import { plotArea, px, thinTicks, type Size } from './layout';
import type { FigureTheme } from './theme';

/** One trainer phase of a run: curve points fromIndex…toIndex (inclusive). */
export interface CurvePhase {
  readonly name: string;
  readonly fromIndex: number;
  readonly toIndex: number;
  readonly stopReason?: string | null;
}

export interface FigureCurve extends Curve {
  readonly phases?: readonly CurvePhase[];
}

export interface LossCurvesFigureProps extends Size {
  readonly curves: readonly FigureCurve[];
  readonly timeScale: 'linear' | 'log';
  /** The time slider's time (curve units), or null. */
  readonly cursorTime?: number | null;
  readonly theme: FigureTheme;
  readonly title?: string;
  /** What t is, for the axis title. */
  readonly timeLabel?: string;
}

const PHASE_DASHES = [undefined, '6 3', '1.5 2.5', '8 3 2 3'];
const PHASE_SHAPES: LegendShape[] = ['line', 'dashed', 'dotted', 'dashed'];

/** Phases clipped to the curve and sorted; an empty list when the run recorded none. */
export function curvePhases(curve: FigureCurve): CurvePhase[] {
  const n = curve.time.length;
  return (curve.phases ?? [])
    .map((p) => ({ ...p, fromIndex: Math.max(0, Math.floor(p.fromIndex)), toIndex: Math.min(n - 1, Math.floor(p.toIndex)) }))
    .filter((p) => p.toIndex >= p.fromIndex)
    .sort((a, b) => a.fromIndex - b.fromIndex);
}

/** curveTicks labels decades '1', '1e-4', …: as 10ᵏ. */
function decadeOf(label: string): string {
  return powerLabel(Math.round(Math.log10(Number(label))));
}

function slice(curve: Curve, from: number, to: number): Curve {
  return { ...curve, time: curve.time.slice(from, to + 1), loss: curve.loss.slice(from, to + 1) };
}

export function LossCurvesFigure({ curves, timeScale, cursorTime = null, theme, width, height, title, timeLabel }: LossCurvesFigureProps) {
  const fs = theme.fontSize;
  const single = curves.length === 1;
  const phaseNames = [...new Set(curves.flatMap((c) => curvePhases(c).map((p) => p.name)))];
  const phaseColor = (name: string) => theme.palette[(phaseNames.indexOf(name) + 1) % theme.palette.length];
  const runColor = (i: number) => theme.palette[i % theme.palette.length];
  const entries: LegendEntry[] = [];
  curves.forEach((c, i) => {
    if (!(single && curvePhases(c).length > 0)) entries.push({ label: c.label, color: runColor(i), shape: 'line' });
  });
  // With one run, each phase's legend entry also says why it stopped ("polish/trust-region phase (converged)").
  const stopOf = (name: string) => (single ? curvePhases(curves[0]).find((p) => p.name === name)?.stopReason : null);
  phaseNames.forEach((name, p) => {
    const label = `${name} phase${stopOf(name) ? ` (${stopOf(name)})` : ''}`;
    entries.push(single ? { label, color: phaseColor(name), shape: 'line' } : { label, color: theme.muted, shape: PHASE_SHAPES[p % PHASE_SHAPES.length] });
  });
  const titleHeight = title ? fs * 1.6 : 4;
  const legendH = legendHeight(entries, width - 80, fs);
  const area = plotArea({ width, height }, { left: 70, right: 14, top: titleHeight + legendH + 8, bottom: 46 });
  const box = { width: area.width, height: area.height };
  const axes = curveAxes(curves, timeScale);
  const ticks = curveTicks(axes, box);
  const yTicks = thinTicks(
    ticks.y.map((t) => ({ at: area.top + t.at, label: decadeOf(t.label) })),
    fs * 1.3,
  );
  const xTicks = thinTicks(
    ticks.x.map((t) => ({
      at: area.left + t.at,
      label: timeScale === 'log' ? (t.label === '0' ? '0' : decadeOf(t.label)) : t.label.replace(/^-/, '−'),
    })),
    fs * 3,
  );
  const cursorX = cursorTime === null ? null : toPixels(axes, box, cursorTime, 1)[0];
  const boundaries: { x: number; name: string }[] = [];
  const segments = curves.flatMap((c, i) => {
    const phases = curvePhases(c);
    if (phases.length === 0) return [{ key: `${c.id}`, d: pathOf(decimate(c, axes, box)), color: runColor(i), dash: undefined as string | undefined, phase: '' }];
    return phases.map((p, k) => {
      // Each segment starts at the previous one's last point, so the curve stays connected.
      const from = k > 0 ? Math.min(p.fromIndex, phases[k - 1].toIndex) : p.fromIndex;
      if (k > 0) boundaries.push({ x: toPixels(axes, box, c.time[p.fromIndex], 1)[0], name: p.name });
      const index = phaseNames.indexOf(p.name);
      return {
        key: `${c.id}-${k}`,
        d: pathOf(decimate(slice(c, from, p.toIndex), axes, box)),
        color: single ? phaseColor(p.name) : runColor(i),
        dash: single ? undefined : PHASE_DASHES[index % PHASE_DASHES.length],
        phase: p.name,
      };
    });
  });
  return (
    <FigureFrame width={width} height={height} theme={theme} label={title ? `Loss curves — ${title}` : 'Loss curves'}>
      {title && (
        <text x={width / 2} y={fs * 1.2} textAnchor="middle" fill={theme.foreground} fontSize={fs * 1.15}>
          {title}
        </text>
      )}
      <Legend x={area.left} y={titleHeight} width={width - 80} entries={entries} theme={theme} />
      <AxisLeft area={area} ticks={yTicks} title="loss L = (1/N) Σ‖f(x) − y‖²" theme={theme} />
      <AxisBottom
        area={area}
        ticks={xTicks}
        title={`${timeLabel ?? 'time t (ODE time; steps for discrete trainers)'}${timeScale === 'log' ? ', log(1 + t) axis' : ''}`}
        theme={theme}
      />
      <g transform={`translate(${area.left} ${area.top})`}>
        {boundaries.map((b, k) =>
          Number.isFinite(b.x) ? (
            <g key={`b${k}`} data-testid="phase-boundary">
              <line x1={px(b.x)} x2={px(b.x)} y1={0} y2={box.height} stroke={theme.muted} strokeWidth={0.8} strokeDasharray="2 3" />
              <text x={px(b.x) + (b.x > box.width - 70 ? -3 : 3)} y={fs} textAnchor={b.x > box.width - 70 ? 'end' : 'start'} fill={theme.muted} fontSize={fs * 0.9}>
                {b.name}
              </text>
            </g>
          ) : null,
        )}
        {segments.map((s) => (
          <path key={s.key} d={s.d} fill="none" stroke={s.color} strokeWidth={1.6} strokeDasharray={s.dash} strokeLinejoin="round" data-testid="loss-curve" data-phase={s.phase || undefined} />
        ))}
        {cursorX !== null && Number.isFinite(cursorX) && (
          <line x1={px(cursorX)} x2={px(cursorX)} y1={0} y2={box.height} stroke={theme.cursor} strokeWidth={1.2} data-testid="curve-cursor" />
        )}
      </g>
    </FigureFrame>
  );
}

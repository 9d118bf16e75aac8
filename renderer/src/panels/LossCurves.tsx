/** Loss curves on a log scale, several runs overlaid, with the time slider's position marked. */
import { useMemo, useState } from 'react';
import { curveAxes, curveTicks, decimate, pathOf, toPixels, type Curve } from './lossCurvesData';

interface Props {
  readonly curves: readonly Curve[];
  /** Time of the slider (in the curves' time units), or null. */
  readonly cursorTime: number | null;
}

const BOX = { width: 600, height: 240 };
const COLORS = ['#4f86ff', '#e53935', '#2e9e5b', '#f9a825', '#8e24aa', '#00897b'];

export function LossCurves({ curves, cursorTime }: Props) {
  const [timeScale, setTimeScale] = useState<'linear' | 'log'>('log');
  const axes = useMemo(() => curveAxes(curves, timeScale), [curves, timeScale]);
  const paths = useMemo(() => curves.map((c) => pathOf(decimate(c, axes, BOX))), [curves, axes]);
  const ticks = curveTicks(axes, BOX);
  if (curves.length === 0) return <p className="empty">Select runs to compare.</p>;
  const cursorX = cursorTime === null ? null : toPixels(axes, BOX, cursorTime, 1)[0];
  return (
    <div data-testid="loss-curves">
      <div className="controls">
        <label>
          Time axis
          <select value={timeScale} onChange={(e) => setTimeScale(e.target.value as 'linear' | 'log')}>
            <option value="log">log (1 + t)</option>
            <option value="linear">linear</option>
          </select>
        </label>
        <span className="status-line">loss L = (1/N)Σ‖f(x) − y‖², log scale</span>
      </div>
      <svg className="plot" viewBox={`-44 -8 ${BOX.width + 52} ${BOX.height + 30}`} role="img" aria-label="loss curves">
        {ticks.y.map((t) => (
          <g key={`y${t.label}`}>
            <line className="grid" x1={0} x2={BOX.width} y1={t.at} y2={t.at} />
            <text x={-4} y={t.at + 3} textAnchor="end">
              {t.label}
            </text>
          </g>
        ))}
        {ticks.x.map((t) => (
          <text key={`x${t.label}`} x={t.at} y={BOX.height + 14} textAnchor="middle">
            {t.label}
          </text>
        ))}
        <line className="axis" x1={0} x2={0} y1={0} y2={BOX.height} />
        <line className="axis" x1={0} x2={BOX.width} y1={BOX.height} y2={BOX.height} />
        {paths.map((d, i) => (
          <path key={curves[i].id} d={d} fill="none" stroke={COLORS[i % COLORS.length]} strokeWidth={1.6} data-testid="loss-curve" />
        ))}
        {cursorX !== null && Number.isFinite(cursorX) && (
          <line x1={cursorX} x2={cursorX} y1={0} y2={BOX.height} stroke="#ffd54f" strokeWidth={1.2} data-testid="curve-cursor" />
        )}
      </svg>
      <div className="run-chips">
        {curves.map((c, i) => (
          <span key={c.id} style={{ color: COLORS[i % COLORS.length] }}>
            ━ {c.label}
          </span>
        ))}
      </div>
    </div>
  );
}

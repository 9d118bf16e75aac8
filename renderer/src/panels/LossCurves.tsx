/**
 * Loss curves on a log scale, several runs overlaid, with the time slider's position marked and
 * the runs' trainer phases (flow, polish, …) as segments when recorded. Drawing: LossCurvesFigure.
 */
import { useState } from 'react';
import { LossCurvesFigure, type FigureCurve } from '../figures/LossCurvesFigure';
import { useElementWidth } from './hooks/useElementWidth';
import { useFigureTheme } from './hooks/useFigureTheme';
import { FigureExport, fileStem } from './shared/FigureExport';

interface Props {
  readonly curves: readonly FigureCurve[];
  /** Time of the slider (in the curves' time units), or null. */
  readonly cursorTime: number | null;
  /** What t is (ODE time, steps), for the axis title. */
  readonly timeLabel?: string;
}

export function LossCurves({ curves, cursorTime, timeLabel }: Props) {
  const [timeScale, setTimeScale] = useState<'linear' | 'log'>('log');
  const theme = useFigureTheme();
  const [box, width] = useElementWidth<HTMLDivElement>(600);
  if (curves.length === 0) return <p className="empty">Select runs to compare.</p>;
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
      </div>
      <div ref={box}>
        <LossCurvesFigure
          curves={curves}
          timeScale={timeScale}
          cursorTime={cursorTime}
          timeLabel={timeLabel}
          theme={theme}
          width={width}
          height={Math.round(Math.min(480, Math.max(240, width * 0.5)))}
        />
      </div>
      <FigureExport
        fileName={`loss-curves-${fileStem(curves[0].label)}`}
        defaultSize={{ width: 640, height: 360 }}
        figure={(t, size) => <LossCurvesFigure curves={curves} timeScale={timeScale} cursorTime={null} timeLabel={timeLabel} theme={t} {...size} />}
      />
    </div>
  );
}

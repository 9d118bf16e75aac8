/**
 * Weight-space view (the paper's Fig. 6 middle): each hidden neuron's incoming weights over time
 * (2 inputs directly, more by PCA), teacher neurons as crosses, split copies highlighted; a dot
 * marks every neuron at the time slider's position.
 */
import { useMemo } from 'react';
import { niceTicks } from './shared/ticks';
import { weightSpace } from './weightSpaceData';

interface Props {
  readonly snapshots: readonly (readonly number[])[];
  readonly inputDim: number;
  readonly width: number;
  readonly teacherWeights: readonly (readonly number[])[];
  readonly splitCopies: readonly number[];
  readonly currentIndex: number;
}

const BOX = { width: 360, height: 300 };
const COLORS = ['#4f86ff', '#2e9e5b', '#8e24aa', '#00897b', '#6d4c41', '#546e7a'];

export function WeightSpaceView({ snapshots, inputDim, width, teacherWeights, splitCopies, currentIndex }: Props) {
  const data = useMemo(
    () => (snapshots.length > 0 ? weightSpace(snapshots, inputDim, width, teacherWeights, splitCopies) : null),
    [snapshots, inputDim, width, teacherWeights, splitCopies],
  );
  if (!data) return <p className="empty">Select a run with a recorded trajectory.</p>;
  const { x, y } = data.bounds;
  const sx = (v: number) => ((v - x[0]) / (x[1] - x[0])) * BOX.width;
  const sy = (v: number) => BOX.height - ((v - y[0]) / (y[1] - y[0])) * BOX.height;
  const at = Math.min(currentIndex, snapshots.length - 1);
  let colour = 0;
  return (
    <div data-testid="weight-space">
      <svg className="plot" viewBox={`-30 -8 ${BOX.width + 40} ${BOX.height + 30}`} role="img" aria-label="hidden neurons' incoming weights">
        {niceTicks(x[0], x[1], 5).map((t) => (
          <g key={`x${t}`}>
            <line className="grid" x1={sx(t)} x2={sx(t)} y1={0} y2={BOX.height} />
            <text x={sx(t)} y={BOX.height + 12} textAnchor="middle">
              {Number(t.toPrecision(3))}
            </text>
          </g>
        ))}
        {niceTicks(y[0], y[1], 5).map((t) => (
          <g key={`y${t}`}>
            <line className="grid" x1={0} x2={BOX.width} y1={sy(t)} y2={sy(t)} />
            <text x={-4} y={sy(t) + 3} textAnchor="end">
              {Number(t.toPrecision(3))}
            </text>
          </g>
        ))}
        <text x={BOX.width} y={BOX.height + 24} textAnchor="end">
          {data.axisLabels[0]}
        </text>
        <text x={-26} y={-1}>
          {data.axisLabels[1]}
        </text>
        {data.teachers.map(([a, b], k) => (
          <g key={`t${k}`} stroke="var(--teacher)" strokeWidth={2} data-testid="teacher-cross">
            <line x1={sx(a) - 6} x2={sx(a) + 6} y1={sy(b) - 6} y2={sy(b) + 6} />
            <line x1={sx(a) - 6} x2={sx(a) + 6} y1={sy(b) + 6} y2={sy(b) - 6} />
          </g>
        ))}
        {data.series.map((s) => {
          const color = s.splitCopy ? 'var(--split)' : COLORS[colour++ % COLORS.length];
          const d = s.path.map(([a, b], i) => `${i === 0 ? 'M' : 'L'}${sx(a).toFixed(1)},${sy(b).toFixed(1)}`).join('');
          const [cx, cy] = s.path[at];
          return (
            <g key={s.neuron} data-testid="neuron-path" data-split={s.splitCopy ? 'yes' : 'no'}>
              <path d={d} fill="none" stroke={color} strokeWidth={s.splitCopy ? 2.2 : 1.4} strokeDasharray={s.splitCopy && s.neuron === width - 1 ? '5 3' : undefined} />
              <circle cx={sx(s.path[0][0])} cy={sy(s.path[0][1])} r={2.5} fill="none" stroke={color} />
              <circle cx={sx(cx)} cy={sy(cy)} r={4.5} fill={color} />
              <text x={sx(cx) + 6} y={sy(cy) - 5}>
                {s.neuron + 1}
              </text>
            </g>
          );
        })}
      </svg>
      <p className="status-line">
        incoming weights of each hidden neuron ({data.axisLabels.join(', ')}); × teacher neurons; split copies in orange (dashed: the new copy); ○ start, ● now.
      </p>
    </div>
  );
}

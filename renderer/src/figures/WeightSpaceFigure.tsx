// @jsxRuntime automatic (tsx/esbuild in Node read the root tsconfig.json, which sets no jsx mode)
/**
 * Weight space as a figure (the paper's Fig. 6 middle): each hidden neuron's incoming weight
 * vector over the trajectory (2 inputs directly, more projected on two principal axes), teacher
 * neurons as crosses, split copies in the split colour (the new copy dashed), ○ start, ● the
 * time slider's snapshot, neurons numbered 1…m as everywhere in the studio.
 */
import { niceTicks } from '../panels/shared/ticks';
import { weightSpace } from '../panels/weightSpaceData';
import { AxisBottom, AxisLeft, FigureFrame, Legend, legendHeight, type LegendEntry } from './Frame';
import { numberLabel } from './labels';
import { linear, plotArea, px, thinTicks, type Size } from './layout';
import type { FigureTheme } from './theme';

export interface WeightSpaceFigureProps extends Size {
  /** θ at each trajectory snapshot. */
  readonly snapshots: readonly (readonly number[])[];
  readonly inputDim: number;
  /** Hidden neurons m of the student. */
  readonly hiddenWidth: number;
  readonly teacherWeights: readonly (readonly number[])[];
  /** Neuron indices (0-based) that are split copies; the last one listed as the new copy is dashed. */
  readonly splitCopies?: readonly number[];
  /** Snapshot marked ● (clamped). */
  readonly currentIndex: number;
  readonly theme: FigureTheme;
  readonly title?: string;
}

export function WeightSpaceFigure(props: WeightSpaceFigureProps) {
  const { snapshots, inputDim, hiddenWidth, teacherWeights, splitCopies = [], currentIndex, theme, width, height, title } = props;
  const fs = theme.fontSize;
  const data = weightSpace(snapshots, inputDim, hiddenWidth, teacherWeights, splitCopies);
  const pca = inputDim !== 2;
  const entries: LegendEntry[] = [
    { label: 'teacher neuron', color: theme.teacher, shape: 'cross' },
    { label: 'start', color: theme.muted, shape: 'ring' },
    { label: 'now (slider)', color: theme.muted, shape: 'circle' },
  ];
  if (splitCopies.length > 0) entries.push({ label: 'split copies', color: theme.split, shape: 'line' }, { label: 'new copy', color: theme.split, shape: 'dashed' });
  const titleHeight = title ? fs * 1.6 : 4;
  const legendH = legendHeight(entries, width - 70, fs);
  const area = plotArea({ width, height }, { left: 62, right: 14, top: titleHeight + legendH + 8, bottom: 46 });
  const { x, y } = data.bounds;
  const sx = linear(x[0], x[1], area.left, area.left + area.width);
  const sy = linear(y[0], y[1], area.top + area.height, area.top);
  const xTicks = thinTicks(niceTicks(x[0], x[1], 5).map((t) => ({ at: sx(t), label: numberLabel(Number(t.toPrecision(3))) })), fs * 3.2);
  const yTicks = thinTicks(niceTicks(y[0], y[1], 5).map((t) => ({ at: sy(t), label: numberLabel(Number(t.toPrecision(3))) })), fs * 1.4);
  const at = Math.max(0, Math.min(currentIndex, snapshots.length - 1));
  // The palette without its second entry (vermillion), which is too close to the split colour.
  const neuronColors = theme.palette.filter((_, i) => i !== 1);
  let colour = 0;
  return (
    <FigureFrame width={width} height={height} theme={theme} label={title ? `Weight space — ${title}` : "Hidden neurons' incoming weights"}>
      {title && (
        <text x={width / 2} y={fs * 1.2} textAnchor="middle" fill={theme.foreground} fontSize={fs * 1.15}>
          {title}
        </text>
      )}
      <Legend x={area.left} y={titleHeight} width={width - 70} entries={entries} theme={theme} />
      <AxisLeft area={area} ticks={yTicks} title={pca ? 'PC2 of incoming weights' : 'w₂ (weight from input x₂)'} theme={theme} />
      <AxisBottom area={area} ticks={xTicks} grid title={pca ? 'PC1 of incoming weights' : 'w₁ (weight from input x₁)'} theme={theme} />
      {data.teachers.map(([a, b], k) => (
        <path
          key={`t${k}`}
          data-testid="teacher-cross"
          d={`M${px(sx(a) - 6)},${px(sy(b) - 6)}L${px(sx(a) + 6)},${px(sy(b) + 6)}M${px(sx(a) - 6)},${px(sy(b) + 6)}L${px(sx(a) + 6)},${px(sy(b) - 6)}`}
          stroke={theme.teacher}
          strokeWidth={2}
        />
      ))}
      {data.series.map((s) => {
        const color = s.splitCopy ? theme.split : neuronColors[colour++ % neuronColors.length];
        const d = s.path.map(([a, b], i) => `${i === 0 ? 'M' : 'L'}${px(sx(a))},${px(sy(b))}`).join('');
        const [cx, cy] = s.path[at] ?? s.path[s.path.length - 1];
        const isNew = s.splitCopy && s.neuron === splitCopies[splitCopies.length - 1];
        return (
          <g key={s.neuron} data-testid="neuron-path" data-split={s.splitCopy ? 'yes' : 'no'}>
            <path d={d} fill="none" stroke={color} strokeWidth={s.splitCopy ? 2.2 : 1.4} strokeDasharray={isNew ? '5 3' : undefined} />
            <circle cx={px(sx(s.path[0][0]))} cy={px(sy(s.path[0][1]))} r={2.8} fill="none" stroke={color} strokeWidth={1.2} />
            <circle cx={px(sx(cx))} cy={px(sy(cy))} r={4.5} fill={color} />
            <text x={px(sx(cx) + 6)} y={px(sy(cy) - 5)} fill={theme.foreground}>
              {s.neuron + 1}
            </text>
          </g>
        );
      })}
    </FigureFrame>
  );
}

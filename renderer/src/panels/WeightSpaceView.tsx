/**
 * Weight-space view (the paper's Fig. 6 middle): each hidden neuron's incoming weights over time
 * (2 inputs directly, more by PCA), teacher neurons as crosses, split copies highlighted; a dot
 * marks every neuron at the time slider's position. Drawing: WeightSpaceFigure.
 */
import { WeightSpaceFigure } from '../figures/WeightSpaceFigure';
import { useElementWidth } from './hooks/useElementWidth';
import { useFigureTheme } from './hooks/useFigureTheme';
import { FigureExport } from './shared/FigureExport';

interface Props {
  readonly snapshots: readonly (readonly number[])[];
  readonly inputDim: number;
  readonly width: number;
  readonly teacherWeights: readonly (readonly number[])[];
  readonly splitCopies: readonly number[];
  readonly currentIndex: number;
  /** For the exported file's name and title. */
  readonly label?: string;
}

export function WeightSpaceView({ snapshots, inputDim, width, teacherWeights, splitCopies, currentIndex, label }: Props) {
  const theme = useFigureTheme();
  const [box, boxWidth] = useElementWidth<HTMLDivElement>(420);
  if (snapshots.length === 0) return <p className="empty">Select a run with a recorded trajectory.</p>;
  const common = { snapshots, inputDim, hiddenWidth: width, teacherWeights, splitCopies, currentIndex };
  const w = Math.min(boxWidth, 720);
  return (
    <div data-testid="weight-space">
      <div ref={box}>
        <WeightSpaceFigure {...common} theme={theme} width={w} height={Math.round(Math.max(260, w * 0.8))} />
      </div>
      <FigureExport
        fileName={`weight-space${label ? `-${label.replace(/[^A-Za-z0-9._-]+/g, '-')}` : ''}`}
        defaultSize={{ width: 480, height: 420 }}
        figure={(t, size) => <WeightSpaceFigure {...common} theme={t} title={label} {...size} />}
      />
      <p className="status-line">incoming weights of each hidden neuron (neurons numbered 1…{width}); × teacher neurons; ○ start, ● the slider's time.</p>
    </div>
  );
}

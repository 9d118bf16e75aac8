/**
 * Spectrum view: every Hessian eigenvalue at the selected point on a symmetric-log axis,
 * negative ones highlighted; clicking one makes its eigenvector the landscape's α axis.
 */
import { useEffect, useRef, useState } from 'react';
import type { StudioApi } from '../../../contract/api';
import type { Analysis } from '../../../contract/analysis';
import type { MethodParams } from '../../../contract/methods';
import { formatNumber } from './shared/ticks';
import { spectrumLayout } from './spectrumData';

interface Props {
  readonly api: StudioApi;
  readonly source: MethodParams<'analyze'>['source'] | null;
  readonly sourceLabel: string;
  onPick(index: number, eigenvalues: readonly number[]): void;
}

const BOX = { width: 600, height: 220 };

export function SpectrumView({ api, source, sourceLabel, onPick }: Props) {
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = source ? JSON.stringify(source) : '';
  const latest = useRef(key);
  useEffect(() => {
    latest.current = key;
    if (!source) return;
    setBusy(true);
    setError(null);
    // Scrubbing fires many requests; only the last one's answer is shown.
    const timer = setTimeout(() => {
      api
        .call('analyze', { source })
        .then((a) => {
          if (latest.current === key) {
            setAnalysis(a);
            setBusy(false);
          }
        })
        .catch((e: Error) => {
          if (latest.current === key) {
            setError(e.message);
            setBusy(false);
          }
        });
    }, 120);
    return () => clearTimeout(timer);
  }, [api, key]);

  if (!source) return <p className="empty">Select a run.</p>;
  const layout = analysis ? spectrumLayout(analysis.eigenvalues, BOX) : null;
  const negatives = analysis ? analysis.eigenvalues.filter((_, i) => layout!.marks[i].negative) : [];
  return (
    <div data-testid="spectrum-view" data-negative-count={layout?.negativeCount ?? ''}>
      <p className="status-line">
        {sourceLabel}
        {busy ? ' — computing…' : ''}
      </p>
      {error && <p className="error">{error}</p>}
      {analysis && layout && (
        <>
          <p className="axis-notes" data-testid="spectrum-summary">
            L = {formatNumber(analysis.loss, 4)}, ‖∇L‖ = {formatNumber(analysis.gradNorm, 3)}, {analysis.parameterCount} eigenvalues:{' '}
            <b>{layout.negativeCount} negative</b>
            {negatives.length > 0 && ` (${negatives.map((x) => formatNumber(x, 3)).join(', ')})`}, {layout.flatCount} flat (|λ| ≤ 1e-10·max). {analysis.classification}.
          </p>
          <svg className="plot" viewBox={`-40 -6 ${BOX.width + 48} ${BOX.height + 12}`} role="img" aria-label="Hessian spectrum">
            {layout.ticks.map((t) => (
              <g key={t.value}>
                <line className="grid" x1={0} x2={BOX.width} y1={t.y} y2={t.y} />
                <text x={-4} y={t.y + 3} textAnchor="end">
                  {t.label}
                </text>
              </g>
            ))}
            <line className="axis" x1={0} x2={BOX.width} y1={layout.zeroY} y2={layout.zeroY} />
            {layout.marks.map((m) => (
              <circle
                key={m.index}
                data-testid="eigenvalue"
                data-value={m.value}
                className={m.negative ? 'eig-neg' : m.flat ? 'eig-flat' : 'eig-pos'}
                cx={m.x}
                cy={m.y}
                r={m.negative ? 5 : 3.5}
                style={{ cursor: 'pointer' }}
                onClick={() => onPick(m.index, analysis.eigenvalues)}
              >
                <title>{`λ${m.index} = ${m.value.toExponential(4)} — click: use its eigenvector as the α axis`}</title>
              </circle>
            ))}
          </svg>
          <p className="status-line">symmetric-log axis, linear within ±{formatNumber(layout.threshold, 2)}; click an eigenvalue to view the landscape along its eigenvector.</p>
        </>
      )}
    </div>
  );
}

/**
 * Spectrum view: every Hessian eigenvalue at the selected point on a symmetric-log axis,
 * negative ones highlighted; clicking one makes its eigenvector the landscape's α axis.
 */
import { useEffect, useRef, useState } from 'react';
import type { StudioApi } from '../../../contract/api';
import type { Analysis } from '../../../contract/analysis';
import type { MethodParams } from '../../../contract/methods';
import { formatNumber } from './shared/ticks';
import { SpectrumFigure } from '../figures/SpectrumFigure';
import { useElementWidth } from './hooks/useElementWidth';
import { useFigureTheme } from './hooks/useFigureTheme';
import { FigureExport, fileStem } from './shared/FigureExport';
import { knownEigenvalues, partialOf, spectrumLayout } from './spectrumData';

interface Props {
  readonly api: StudioApi;
  readonly source: MethodParams<'analyze'>['source'] | null;
  readonly sourceLabel: string;
  onPick(index: number, eigenvalues: readonly number[]): void;
}

const BOX = { width: 600, height: 220 };

/** The figure's partial-spectrum description, when the analysis kept only the extremal eigenvalues. */

export function SpectrumView({ api, source, sourceLabel, onPick }: Props) {
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = source ? JSON.stringify(source) : '';
  const latest = useRef(key);
  // Scrubbing within one run keeps the last spectrum on screen until the next one arrives; another
  // run (or network) must not show the previous one's spectrum meanwhile (nor export it).
  const owner = source ? (source.kind === 'run' ? `run:${source.runId}` : key) : '';
  const shownOwner = useRef(owner);
  const theme = useFigureTheme();
  const [box, width] = useElementWidth<HTMLDivElement>(600);
  useEffect(() => {
    latest.current = key;
    if (shownOwner.current !== owner) {
      shownOwner.current = owner;
      setAnalysis(null);
    }
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
  }, [api, key, owner]);

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
            L = {formatNumber(analysis.loss, 4)}, ‖∇L‖ = {formatNumber(analysis.gradNorm, 3)}, {knownEigenvalues(analysis)}:{' '}
            <b>
              {analysis.spectrum?.indexExact === false ? 'at least ' : ''}
              {layout.negativeCount} negative
            </b>
            {negatives.length > 0 && ` (${negatives.map((x) => formatNumber(x, 3)).join(', ')})`}, {layout.flatCount} flat (|λ| ≤ 1e-10·max). {analysis.classification}.
          </p>
          <div ref={box}>
            <SpectrumFigure
              eigenvalues={analysis.eigenvalues}
              classification={analysis.classification}
              reason={analysis.reason ?? null}
              partial={partialOf(analysis)}
              theme={theme}
              width={width}
              height={Math.round(Math.min(520, Math.max(260, width * 0.5)))}
              onPick={(i) => onPick(i, analysis.eigenvalues)}
            />
          </div>
          <FigureExport
            fileName={`spectrum-${fileStem(sourceLabel)}`}
            defaultSize={{ width: 640, height: 360 }}
            figure={(t, size) => (
              <SpectrumFigure
                eigenvalues={analysis.eigenvalues}
                classification={analysis.classification}
                reason={analysis.reason ?? null}
                partial={partialOf(analysis)}
                theme={t}
                title={sourceLabel}
                {...size}
              />
            )}
          />
          <p className="status-line">Click an eigenvalue to view the landscape along its eigenvector.</p>
        </>
      )}
    </div>
  );
}

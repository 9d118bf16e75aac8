/**
 * Landscape view: the loss on a plane through θ₀, in 3D, refined progressively (17² → 33² → 65²
 * [→ 129²]), with the trajectory on it, each point's off-plane distance, critical points, a colour
 * legend, contour lines and axis notes (eigenvalue / explained variance and parameter-space scale).
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import type { StudioApi } from '../../../contract/api';
import type { MethodParams } from '../../../contract/methods';
import type { LandscapePlane } from '../../../contract/landscape';
import { useProgressiveLandscape, type LandscapeQuery } from './hooks/useProgressiveLandscape';
import {
  contourLevels,
  contourSegments,
  heightField,
  heightOf,
  insideSpans,
  inverseTransform,
  offPlaneRatio,
  overlayPoints,
  planeToScene,
  surfaceGeometry,
  transformLoss,
  type LossScale,
} from './landscapeData';
import type { SceneMarker } from './LandscapeScene';
import { colormapGradient } from './shared/colormap';
import { formatNumber, niceTicks } from './shared/ticks';

export type PlaneChoice =
  | { kind: 'escape-curvature' }
  | { kind: 'eigenvectors'; i: number; j: number }
  | { kind: 'random'; seed: number }
  | { kind: 'pca' }
  | { kind: 'three-point' };

export interface LandscapeMarker {
  readonly id: string;
  readonly label: string;
  readonly theta: readonly number[];
  readonly kind: 'global' | 'minimum' | 'saddle' | 'start' | 'other';
}

interface Props {
  readonly api: StudioApi;
  readonly source: MethodParams<'analyze'>['source'] | null;
  readonly sourceLabel: string;
  /** θ snapshots of the trajectory drawn on the surface. */
  readonly trajectory: readonly (readonly number[])[];
  readonly markers: readonly LandscapeMarker[];
  /** Time-slider position in `trajectory`. */
  readonly currentIndex: number;
  readonly plane: PlaneChoice;
  onPlaneChange(plane: PlaneChoice): void;
  /** Two extra points for the three-point plane (with θ₀). */
  readonly threePoints: readonly [readonly number[], readonly number[]] | null;
  readonly dark: boolean;
}

// three.js is large: the scene loads on first use, not with the shell.
const LandscapeScene = lazy(() => import('./LandscapeScene').then((m) => ({ default: m.LandscapeScene })));

const MARKER_COLORS: Record<LandscapeMarker['kind'], string> = {
  global: '#2e9e5b',
  minimum: '#4f86ff',
  saddle: '#e53935',
  start: '#bdbdbd',
  other: '#9e9e9e',
};

function toPlane(choice: PlaneChoice, trajectory: Props['trajectory'], threePoints: Props['threePoints']): LandscapePlane | null {
  switch (choice.kind) {
    case 'escape-curvature':
      return { kind: 'escape-curvature' };
    case 'eigenvectors':
      return { kind: 'eigenvectors', i: choice.i, j: choice.j };
    case 'random':
      return { kind: 'random', seed: choice.seed, bias: 'zero' };
    case 'pca':
      return trajectory.length >= 3 ? { kind: 'pca', points: trajectory.map((t) => [...t]) } : null;
    case 'three-point':
      return threePoints ? { kind: 'three-point', points: [[...threePoints[0]], [...threePoints[1]]] } : null;
  }
}

export function LandscapeView(props: Props) {
  const { api, source, trajectory, markers, currentIndex, plane, threePoints, dark } = props;
  const [scale, setScale] = useState<LossScale>('log10');
  const [finest, setFinest] = useState(65);
  const [contourCount, setContourCount] = useState(12);

  const planeRequest = toPlane(plane, trajectory, threePoints);
  const planeKey = `${JSON.stringify(source)}|${JSON.stringify(planeRequest)}`;
  // Explicit ranges (after zooming) belong to one plane; a new plane starts from the default ranges.
  const [zoom, setZoom] = useState<{ key: string; alpha: [number, number]; beta: [number, number] } | null>(null);
  const ranges = zoom && zoom.key === planeKey ? zoom : null;
  const query: LandscapeQuery | null = useMemo(
    () =>
      source && planeRequest
        ? {
            source,
            plane: planeRequest,
            project: [...trajectory.map((t) => [...t]), ...markers.map((m) => [...m.theta])],
            ...(ranges ? { alphaRange: ranges.alpha, betaRange: ranges.beta } : {}),
          }
        : null,
    [planeKey, trajectory, markers, ranges?.alpha[0], ranges?.alpha[1], ranges?.beta[0], ranges?.beta[1]],
  );
  const { landscape, projection, resolution, computing, error, ready } = useProgressiveLandscape(api, query, finest);
  /** Scales the α or β range about 0 (θ₀ stays where it is). */
  const zoomBy = (axis: 'alpha' | 'beta', factor: number) => {
    if (!landscape) return;
    const alpha: [number, number] = [landscape.alphaRange[0], landscape.alphaRange[1]];
    const beta: [number, number] = [landscape.betaRange[0], landscape.betaRange[1]];
    const target = axis === 'alpha' ? alpha : beta;
    target[0] *= factor;
    target[1] *= factor;
    setZoom({ key: planeKey, alpha, beta });
  };

  const field = useMemo(() => (landscape ? heightField(landscape, scale) : null), [landscape, scale]);
  const surface = useMemo(() => (field ? surfaceGeometry(field) : null), [field]);
  const contours = useMemo(() => (field && contourCount > 0 ? contourSegments(field, contourLevels(field, contourCount)) : null), [field, contourCount]);
  const overlay = useMemo(() => (landscape && field && projection ? overlayPoints(landscape, field, projection) : []), [landscape, field, projection]);
  const T = trajectory.length;
  const path = overlay.slice(0, T);
  const spans = useMemo(() => insideSpans(path), [overlay, T]);
  const current = T > 0 ? (path[Math.min(currentIndex, T - 1)] ?? null) : null;
  const markerPoints = overlay.slice(T, T + markers.length);
  const sceneMarkers: SceneMarker[] = markerPoints.flatMap((p, k) =>
    p.inside ? [{ id: markers[k].id, position: p.surface, color: MARKER_COLORS[markers[k].kind], shape: markers[k].kind === 'saddle' ? ('cone' as const) : ('sphere' as const) }] : [],
  );
  const outside = markerPoints.flatMap((p, k) => (p.inside ? [] : [markers[k].label]));
  if (landscape && field) {
    const [x, z] = planeToScene(landscape, 0, 0);
    const y = heightOf(field, transformLoss(landscape.originLoss, field.scale, field.floor)) + 0.01;
    sceneMarkers.push({ id: 'origin', position: [x, y, z], color: dark ? '#ffffff' : '#111111', shape: 'sphere' });
  }

  const legendTicks = field ? niceTicks(field.lo, field.hi, 5) : [];
  const currentOff = current && projection && landscape ? projection.offPlane[Math.min(currentIndex, T - 1)] : null;
  const ratio = currentOff !== null && landscape ? offPlaneRatio(landscape, currentOff, [landscape.axes[0].norm, landscape.axes[1].norm]) : null;
  const maxOff = projection && T > 0 ? Math.max(...projection.offPlane.slice(0, T)) : null;

  return (
    <div className="landscape" data-testid="landscape-view">
      <div className="controls">
        <label>
          Plane
          <select
            data-testid="plane-kind"
            value={plane.kind}
            onChange={(e) => {
              const kind = e.target.value as PlaneChoice['kind'];
              props.onPlaneChange(
                kind === 'eigenvectors' ? { kind, i: 0, j: 1 } : kind === 'random' ? { kind, seed: 0 } : ({ kind } as PlaneChoice),
              );
            }}
          >
            <option value="escape-curvature">escape × curvature</option>
            <option value="eigenvectors">two eigenvectors</option>
            <option value="random">random (filter-normalized)</option>
            <option value="pca">trajectory PCA</option>
            <option value="three-point">three points (θ₀, start, end)</option>
          </select>
        </label>
        {plane.kind === 'eigenvectors' && (
          <>
            <label>
              i
              <input type="number" min={0} value={plane.i} onChange={(e) => props.onPlaneChange({ ...plane, i: Number(e.target.value) })} />
            </label>
            <label>
              j
              <input type="number" min={0} value={plane.j} onChange={(e) => props.onPlaneChange({ ...plane, j: Number(e.target.value) })} />
            </label>
          </>
        )}
        {plane.kind === 'random' && (
          <label>
            seed
            <input type="number" min={0} value={plane.seed} onChange={(e) => props.onPlaneChange({ kind: 'random', seed: Number(e.target.value) })} />
          </label>
        )}
        <label>
          Loss
          <select data-testid="loss-scale" value={scale} onChange={(e) => setScale(e.target.value as LossScale)}>
            <option value="log10">log10</option>
            <option value="linear">linear</option>
          </select>
        </label>
        <label>
          Grid
          <select value={finest} onChange={(e) => setFinest(Number(e.target.value))}>
            <option value={33}>33²</option>
            <option value={65}>65²</option>
            <option value={129}>129²</option>
          </select>
        </label>
        <span className="zoom" title="zoom the plane's α or β range about θ₀">
          α
          <button type="button" onClick={() => zoomBy('alpha', 0.5)}>
            ½
          </button>
          <button type="button" onClick={() => zoomBy('alpha', 2)}>
            2×
          </button>{' '}
          β
          <button type="button" onClick={() => zoomBy('beta', 0.5)}>
            ½
          </button>
          <button type="button" onClick={() => zoomBy('beta', 2)}>
            2×
          </button>
          {ranges && (
            <button type="button" onClick={() => setZoom(null)}>
              default
            </button>
          )}
        </span>
        <label>
          Contours
          <input type="number" min={0} max={40} value={contourCount} onChange={(e) => setContourCount(Number(e.target.value))} />
        </label>
        <span className="status-line" data-testid="landscape-status" data-resolution={resolution ?? 0} data-ready={ready ? 'yes' : 'no'}>
          {error
            ? ''
            : !source
              ? 'Select a run.'
              : !planeRequest
                ? 'This plane needs a trajectory (PCA) or start and end points.'
                : resolution
                  ? `${resolution}×${resolution}${computing ? ' — refining…' : ''}`
                  : 'computing…'}
        </span>
      </div>
      {error && (
        <p className="error" role="alert" data-testid="landscape-error">
          {error}
        </p>
      )}
      <div className="landscape-frame">
        <div
          className="landscape-canvas"
          data-testid="landscape-canvas"
          data-marker-x={current ? current.surface[0].toFixed(4) : ''}
          data-marker-z={current ? current.surface[2].toFixed(4) : ''}
        >
          <Suspense fallback={<p className="status-line">loading 3D view…</p>}>
            <LandscapeScene surface={surface} contours={contours} trajectory={spans} markers={landscape ? sceneMarkers : []} current={current} dark={dark} />
          </Suspense>
        </div>
        {field && (
          <div className="legend" aria-label="colour legend">
            <div className="bar" style={{ background: colormapGradient() }} />
            <div className="labels">
              {legendTicks.map((t) => (
                <span key={t} style={{ top: `${100 - (100 * (t - field.lo)) / (field.hi - field.lo)}%` }}>
                  {scale === 'log10' ? formatNumber(inverseTransform(t, scale), 2) : formatNumber(t, 3)}
                </span>
              ))}
            </div>
          </div>
        )}
      </div>
      {landscape && (
        <p className="axis-notes" data-testid="axis-notes">
          <b>θ₀</b> {props.sourceLabel}, L(θ₀) = {formatNumber(landscape.originLoss, 4)} (L = (1/N)Σ‖f(x) − y‖²).{' '}
          <b>α</b> (→): {landscape.axes[0].label}, ‖u‖ = {formatNumber(landscape.axes[0].norm)}, α ∈ [{formatNumber(landscape.alphaRange[0])},{' '}
          {formatNumber(landscape.alphaRange[1])}]. <b>β</b> (↗): {landscape.axes[1].label}, ‖v‖ = {formatNumber(landscape.axes[1].norm)}, β ∈ [
          {formatNumber(landscape.betaRange[0])}, {formatNumber(landscape.betaRange[1])}]. Height: {scale === 'log10' ? 'log10 L' : 'L'} from{' '}
          {formatNumber(landscape.minLoss, 3)} to {formatNumber(landscape.maxLoss, 3)}.
          {currentOff !== null && (
            <>
              {' '}
              <b>Off-plane</b>: the current point is {formatNumber(currentOff, 3)} from the plane
              {ratio !== null && Number.isFinite(ratio) ? ` (${(100 * ratio).toFixed(1)}% of the plane's half-width)` : ''}; the surface shows{' '}
              {formatNumber(projection!.planeLoss[Math.min(currentIndex, T - 1)], 3)} under it, its true loss is{' '}
              {formatNumber(projection!.loss[Math.min(currentIndex, T - 1)], 3)} (dashed trace).
              {maxOff !== null && ` Largest off-plane distance along the path: ${formatNumber(maxOff, 3)}.`}
              {current && !current.inside && ' The current point lies outside the drawn range (shown at the edge).'}
            </>
          )}
          {outside.length > 0 && ` Outside the drawn range: ${outside.join(', ')}.`}
        </p>
      )}
    </div>
  );
}

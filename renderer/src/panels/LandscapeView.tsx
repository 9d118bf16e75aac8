/**
 * Landscape view: the loss on a plane through θ₀, in 3D, refined progressively (17² → 33² → 65²
 * [→ 129²]), with the trajectory on it, each point's off-plane distance, critical points, a colour
 * legend, contour lines and axis notes (eigenvalue / explained variance and parameter-space scale).
 */
import { lazy, Suspense, useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { StudioApi } from '../../../contract/api';
import type { MethodParams } from '../../../contract/methods';
import type { LandscapePlane } from '../../../contract/landscape';
import { COLORMAP_NAMES, type ColormapName } from '../figures/colormaps';
import { DEFAULT_POSE, keyToPose } from '../landscape3d/cameraPose';
import { sceneData, type MarkerKind } from '../landscape3d/sceneData';
import { useProgressiveLandscape, type LandscapeQuery } from './hooks/useProgressiveLandscape';
import { offPlaneRatio, type LossScale } from './landscapeData';
import type { SceneHandle } from './LandscapeScene';
import { formatNumber } from './shared/ticks';
import { SurfaceExport } from '../export/SurfaceExport';

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
  readonly kind: MarkerKind;
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
  /** Moves the studio's time slider (the recorder's training replay drives every panel through it). */
  onTimeIndex?(index: number): void;
}

// three.js is large: the scene (and the PNG export / recorder that use it) load on first use, not with the shell.
const LandscapeScene = lazy(() => import('./LandscapeScene').then((m) => ({ default: m.LandscapeScene })));
const LandscapeExport = lazy(() => import('../landscape3d/LandscapeExport').then((m) => ({ default: m.LandscapeExport })));
const RecorderPanel = lazy(() => import('../recorder/RecorderPanel').then((m) => ({ default: m.RecorderPanel })));

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

  const [colormap, setColormap] = useState<ColormapName>('viridis');
  const T = trajectory.length;
  const data = useMemo(
    () =>
      landscape && projection
        ? sceneData(landscape, projection, T, markers, { scale, contours: contourCount, colormap, dark })
        : null,
    [landscape, projection, T, markers, scale, contourCount, colormap, dark],
  );
  const current = data && T > 0 ? (data.path[Math.min(currentIndex, T - 1)] ?? null) : null;
  const outside = data?.outside ?? [];
  const handle = useRef<SceneHandle | null>(null);
  const [hasScene, setHasScene] = useState(false);
  const onHandle = useCallback((h: SceneHandle | null) => {
    handle.current = h;
    setHasScene(h !== null);
  }, []);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const h = handle.current;
    const next = h ? keyToPose(e.key, h.getPose()) : null;
    if (!h || !next) return;
    e.preventDefault();
    h.setPose(next);
  };

  const currentOff = current && projection && landscape ? projection.offPlane[Math.min(currentIndex, T - 1)] : null;
  const ratio = currentOff !== null && landscape ? offPlaneRatio(landscape, currentOff, [landscape.axes[0].norm, landscape.axes[1].norm]) : null;
  const maxOff = projection && T > 0 ? Math.max(...projection.offPlane.slice(0, T)) : null;
  const emptyHint = error
    ? 'The landscape could not be computed (see the message above).'
    : !source
      ? 'No point to show yet: train a run (New experiment) or pick one in the run browser; its landscape appears here.'
      : !planeRequest
        ? plane.kind === 'pca'
          ? 'The PCA plane needs a run with a trajectory (at least 3 snapshots): pick another plane or a run that has one.'
          : 'The three-point plane needs a start and an end point that differ from θ₀: pick another plane.'
        : 'Computing the loss on the plane…';

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
          Colours
          <select data-testid="landscape-colormap" value={colormap} onChange={(e) => setColormap(e.target.value as ColormapName)}>
            {COLORMAP_NAMES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
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
        {data ? (
          <div
            className="landscape-canvas"
            data-testid="landscape-canvas"
            tabIndex={0}
            aria-label="3D loss landscape: drag to orbit, scroll to zoom, right-drag to pan; keys ← → orbit, ↑ ↓ tilt, + − zoom, 0 reset"
            onKeyDown={onKey}
            data-marker-x={current ? current.surface[0].toFixed(4) : ''}
            data-marker-z={current ? current.surface[2].toFixed(4) : ''}
          >
            <Suspense fallback={<p className="status-line">loading 3D view…</p>}>
              <LandscapeScene graph={data.graph} current={current} layout={data.layout} dark={dark} onHandle={onHandle} />
            </Suspense>
            <button type="button" className="camera-reset" data-testid="camera-reset" title="Reset the camera (key 0)" onClick={() => handle.current?.setPose(DEFAULT_POSE)}>
              Reset view
            </button>
          </div>
        ) : (
          <div className="landscape-empty" data-testid="landscape-empty">
            <p>{emptyHint}</p>
            <p className="status-line">Drag to orbit, scroll to zoom, right-drag to pan; with the view focused: ← → orbit, ↑ ↓ tilt, + − zoom, 0 resets.</p>
          </div>
        )}
      </div>
      {data && hasScene && landscape && source && (
        <Suspense fallback={null}>
          <div className="landscape-actions">
            <LandscapeExport handle={handle} layout={data.layout} dark={dark} />
            {planeRequest && <SurfaceExport api={api} source={source} plane={planeRequest} trajectory={trajectory} landscape={landscape} />}
            <details className="recorder-details" data-testid="recorder-details">
              <summary>Record animation…</summary>
              <RecorderPanel
                api={api}
                handle={handle}
                source={source}
                plane={plane}
                alphaRange={ranges?.alpha ?? null}
                betaRange={ranges?.beta ?? null}
                grid={finest}
                scale={scale}
                colormap={colormap}
                contours={contourCount}
                dark={dark}
                snapshots={T}
                onTimeIndex={props.onTimeIndex}
              />
            </details>
          </div>
        </Suspense>
      )}
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

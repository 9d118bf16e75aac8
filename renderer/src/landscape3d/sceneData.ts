/**
 * From a `landscape` answer to everything the 3D scene draws: height field, coloured surface,
 * contours, the trajectory overlay (and its in-range spans), critical-point markers, θ₀, and the
 * annotation layout. Pure; shared by LandscapeView (screen) and the recorder (frames).
 */
import type { Landscape } from '../../../contract/landscape';
import type { ColormapName } from '../figures/colormaps';
import {
  contourLevels,
  contourSegments,
  heightField,
  heightOf,
  insideSpans,
  overlayPoints,
  planeToScene,
  surfaceGeometry,
  transformLoss,
  type HeightField,
  type LossScale,
  type OverlayPoint,
} from '../panels/landscapeData';
import { annotationLayout, type AnnotationLayout } from './annotations';
import type { GraphInput, SceneMarker } from './sceneGraph';

export type MarkerKind = 'global' | 'minimum' | 'saddle' | 'start' | 'other';

export interface MarkerSpec {
  readonly id: string;
  readonly label: string;
  readonly kind: MarkerKind;
}

export const MARKER_COLORS: Record<MarkerKind, string> = {
  global: '#2e9e5b',
  minimum: '#4f86ff',
  saddle: '#e53935',
  start: '#bdbdbd',
  other: '#9e9e9e',
};

export interface SceneDataOptions {
  readonly scale: LossScale;
  readonly contours: number;
  readonly colormap: ColormapName;
  readonly dark: boolean;
}

export interface SceneData {
  readonly field: HeightField;
  readonly graph: GraphInput;
  /** One overlay point per trajectory snapshot (the time marker's positions). */
  readonly path: readonly OverlayPoint[];
  /** Labels of markers outside the drawn rectangle. */
  readonly outside: readonly string[];
  readonly layout: AnnotationLayout;
}

/**
 * `projection` holds the trajectory's T points first, then one per marker (the order in which
 * they were sent in `project`).
 */
export function sceneData(
  landscape: Landscape,
  projection: Landscape['projection'],
  trajectoryLength: number,
  markers: readonly MarkerSpec[],
  options: SceneDataOptions,
): SceneData {
  const field = heightField(landscape, options.scale);
  const surface = surfaceGeometry(field, options.colormap);
  const contours = options.contours > 0 ? contourSegments(field, contourLevels(field, options.contours)) : null;
  const overlay = overlayPoints(landscape, field, projection);
  const T = trajectoryLength;
  const path = overlay.slice(0, T);
  const markerPoints = overlay.slice(T, T + markers.length);
  const sceneMarkers: SceneMarker[] = markerPoints.flatMap((p, k) =>
    p.inside ? [{ id: markers[k].id, position: p.surface, color: MARKER_COLORS[markers[k].kind], shape: markers[k].kind === 'saddle' ? ('cone' as const) : ('sphere' as const) }] : [],
  );
  const outside = markerPoints.flatMap((p, k) => (p.inside ? [] : [markers[k].label]));
  const [x, z] = planeToScene(landscape, 0, 0);
  const y = heightOf(field, transformLoss(landscape.originLoss, field.scale, field.floor)) + 0.01;
  sceneMarkers.push({ id: 'origin', position: [x, y, z], color: options.dark ? '#ffffff' : '#111111', shape: 'sphere' });
  const layout = annotationLayout(landscape, field, options.colormap);
  return {
    field,
    path,
    outside,
    layout,
    graph: { surface, contours, trajectory: insideSpans(path), markers: sceneMarkers, tickSegments: layout.tickSegments, dark: options.dark },
  };
}

/**
 * A scene document → what its frames show: the run's trajectory (runs.get), the landscape on the
 * scene's plane at its grid (landscape, with the trajectory and the run's start / end projected),
 * and a three.js scene built by the same builder as the interactive view.
 */
import * as THREE from 'three';
import type { StudioApi } from '../../../contract/api';
import type { Landscape, LandscapePlane } from '../../../contract/landscape';
import type { MethodParams } from '../../../contract/methods';
import type { RunDetail, RunSummary } from '../../../contract/runs';
import type { Scene, ScenePlane } from '../../../contract/scene';
import { backgroundColor, buildLandscapeGraph, type LandscapeGraph } from '../landscape3d/sceneGraph';
import { sceneData, type MarkerKind, type MarkerSpec, type SceneData } from '../landscape3d/sceneData';
import { pointKind } from '../state/classes';

export interface PreparedScene {
  readonly scene: Scene;
  readonly three: THREE.Scene;
  readonly graph: LandscapeGraph;
  readonly data: SceneData;
  readonly landscape: Landscape;
  /** Trajectory snapshots of the replayed run (0 without one). */
  readonly snapshots: number;
  dispose(): void;
}

export function runMarkerKind(r: RunSummary): MarkerKind {
  return pointKind(r.result.classification, r.result.success);
}

function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** θ₀ of a run source, when it is the replayed run's. */
function theta0Of(source: Scene['source'], detail: RunDetail): readonly number[] | null {
  if (source.kind !== 'run' || source.runId !== detail.run.runId) return null;
  if (source.snapshot !== undefined) return detail.trajectory.theta[source.snapshot] ?? null;
  if (source.which === 'initial') return detail.initialTheta;
  return source.which === 'final' ? detail.finalTheta : null;
}

/** The landscape request's plane for a scene plane (PCA / three-point take their points from the run). */
export function landscapePlane(plane: ScenePlane, detail: RunDetail | null, source: Scene['source']): LandscapePlane {
  switch (plane.kind) {
    case 'escape-curvature':
    case 'eigenvectors':
      return plane;
    case 'random':
      return { kind: 'random', seed: plane.seed, bias: 'zero' };
    case 'pca': {
      const points = detail?.trajectory.theta ?? [];
      if (points.length < 3) throw new Error('the PCA plane needs a run with a trajectory of at least 3 snapshots (set runId)');
      return { kind: 'pca', points: points.map((p) => [...p]) };
    }
    case 'three-point': {
      if (!detail) throw new Error('the three-point plane needs a run (set runId)');
      const t = detail.trajectory.theta;
      const theta0 = theta0Of(source, detail);
      const candidates = [detail.initialTheta, t[Math.floor(t.length / 2)] ?? detail.initialTheta, detail.finalTheta].filter((p) => !theta0 || !same(p, theta0));
      if (candidates.length < 2) throw new Error('the three-point plane needs two points of the run that differ from θ₀');
      return { kind: 'three-point', points: [[...candidates[0]], [...candidates[1]]] };
    }
  }
}

export async function prepareScene(api: StudioApi, scene: Scene): Promise<PreparedScene> {
  const detail = scene.runId ? await api.call('runs.get', { runId: scene.runId }) : null;
  const trajectory = detail?.trajectory.theta ?? [];
  const markers: MarkerSpec[] = detail
    ? [
        { id: 'start', label: 'start', kind: 'start' },
        { id: 'end', label: 'end', kind: runMarkerKind(detail.run) },
      ]
    : [];
  const request: MethodParams<'landscape'> = {
    source: scene.source,
    plane: landscapePlane(scene.plane, detail, scene.source),
    resolution: scene.grid,
    project: detail ? [...trajectory.map((t) => [...t]), [...detail.initialTheta], [...detail.finalTheta]] : [],
    ...(scene.alphaRange ? { alphaRange: scene.alphaRange } : {}),
    ...(scene.betaRange ? { betaRange: scene.betaRange } : {}),
  };
  const landscape = await api.call('landscape', request);
  const dark = scene.theme === 'dark';
  const data = sceneData(landscape, landscape.projection, trajectory.length, markers, { scale: scene.scale, contours: scene.contours, colormap: scene.colormap, dark });
  const graph = buildLandscapeGraph(data.graph);
  const three = new THREE.Scene();
  three.background = new THREE.Color(backgroundColor(dark));
  three.add(graph.group);
  return {
    scene,
    three,
    graph,
    data,
    landscape,
    snapshots: trajectory.length,
    dispose: () => graph.dispose(),
  };
}

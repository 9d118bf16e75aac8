/**
 * The landscape's three.js objects, built imperatively so that one builder serves the
 * interactive view (mounted into react-three-fiber as a primitive), the PNG export and the
 * recorder (its own THREE.Scene, rendered offscreen frame by frame): the coloured surface,
 * contour lines, the floor outline with tick marks, the trajectory on the surface (solid) and at
 * its true loss (dashed), critical-point markers, and the current-time marker with its drop line.
 */
import * as THREE from 'three';
import { HEIGHT, type OverlayPoint, type SurfaceGeometry } from '../panels/landscapeData';

export interface SceneMarker {
  readonly id: string;
  readonly position: [number, number, number];
  /** CSS colour. */
  readonly color: string;
  readonly shape: 'sphere' | 'cone' | 'box';
}

export interface GraphInput {
  readonly surface: SurfaceGeometry | null;
  readonly contours: Float32Array | null;
  /** The trajectory's stretches inside the drawn rectangle. */
  readonly trajectory: readonly (readonly OverlayPoint[])[];
  readonly markers: readonly SceneMarker[];
  readonly tickSegments: Float32Array | null;
  readonly dark: boolean;
}

export interface LandscapeGraph {
  readonly group: THREE.Group;
  /** Moves the time marker (null hides it). */
  setCurrent(point: OverlayPoint | null): void;
  dispose(): void;
}

export function backgroundColor(dark: boolean): string {
  return dark ? '#1c1f23' : '#ffffff';
}

function segments(positions: Float32Array, color: string, opacity = 1): THREE.LineSegments {
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(positions, 3));
  return new THREE.LineSegments(g, new THREE.LineBasicMaterial({ color, transparent: opacity < 1, opacity }));
}

function polyline(points: readonly (readonly [number, number, number])[], color: string, dashed: boolean): THREE.Line {
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(Float32Array.from(points.flat()), 3));
  const material = dashed ? new THREE.LineDashedMaterial({ color, dashSize: 0.03, gapSize: 0.02 }) : new THREE.LineBasicMaterial({ color });
  const line = new THREE.Line(g, material);
  if (dashed) line.computeLineDistances();
  return line;
}

function marker(m: Pick<SceneMarker, 'color' | 'shape'>): THREE.Mesh {
  const geometry =
    m.shape === 'sphere'
      ? new THREE.SphereGeometry(0.028, 16, 12)
      : m.shape === 'cone'
        ? new THREE.ConeGeometry(0.03, 0.07, 12)
        : new THREE.BoxGeometry(0.045, 0.045, 0.045);
  return new THREE.Mesh(geometry, new THREE.MeshStandardMaterial({ color: m.color, emissive: m.color, emissiveIntensity: 0.35 }));
}

const OUTLINE = Float32Array.from([-1, 0, -1, 1, 0, -1, 1, 0, -1, 1, 0, 1, 1, 0, 1, -1, 0, 1, -1, 0, 1, -1, 0, -1, -1, 0, 1, -1, HEIGHT, 1]);

export function buildLandscapeGraph(input: GraphInput): LandscapeGraph {
  const group = new THREE.Group();
  const ink = input.dark ? '#e8e8e8' : '#222222';
  const pathColor = input.dark ? '#ff8a65' : '#d84315';
  group.add(new THREE.AmbientLight(0xffffff, 0.75));
  const sun = new THREE.DirectionalLight(0xffffff, 1.2);
  sun.position.set(3, 5, 2);
  group.add(sun);
  group.add(segments(OUTLINE, ink, 0.6));
  if (input.tickSegments && input.tickSegments.length > 0) group.add(segments(input.tickSegments, ink, 0.8));
  if (input.surface) {
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(input.surface.positions, 3));
    g.setAttribute('color', new THREE.BufferAttribute(input.surface.colors, 3));
    g.setIndex(new THREE.BufferAttribute(input.surface.indices, 1));
    g.computeVertexNormals();
    group.add(new THREE.Mesh(g, new THREE.MeshStandardMaterial({ vertexColors: true, side: THREE.DoubleSide, roughness: 0.85, metalness: 0 })));
  }
  if (input.contours && input.contours.length > 0) group.add(segments(input.contours, ink, 0.45));
  for (const span of input.trajectory) {
    if (span.length < 2) continue;
    group.add(polyline(span.map((p) => p.surface), pathColor, false));
    group.add(polyline(span.map((p) => p.actual), pathColor, true));
  }
  for (const m of input.markers) {
    const mesh = marker(m);
    mesh.position.set(...m.position);
    group.add(mesh);
  }
  const now = marker({ color: '#ffd54f', shape: 'box' });
  now.visible = false;
  group.add(now);
  let drop: THREE.Line | null = null;
  const disposeObject = (o: THREE.Object3D) => {
    if (o instanceof THREE.Mesh || o instanceof THREE.Line) {
      o.geometry.dispose();
      (o.material as THREE.Material).dispose();
    }
  };
  return {
    group,
    setCurrent(point) {
      if (drop) {
        group.remove(drop);
        disposeObject(drop);
        drop = null;
      }
      now.visible = point !== null;
      if (!point) return;
      now.position.set(...point.surface);
      drop = polyline([point.surface, point.actual], ink, true);
      group.add(drop);
    },
    dispose() {
      group.traverse(disposeObject);
    },
  };
}

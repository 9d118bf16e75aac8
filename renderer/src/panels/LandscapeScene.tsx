/**
 * The three.js scene of LandscapeView: coloured loss surface, contour lines, the trajectory
 * drawn on the surface (solid) with each point's true loss as a dashed trace, off-plane drop
 * lines, critical-point markers and the time marker; orbit/zoom camera (three's OrbitControls).
 */
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { HEIGHT, type OverlayPoint, type SurfaceGeometry } from './landscapeData';

export interface SceneMarker {
  readonly id: string;
  readonly position: [number, number, number];
  /** CSS colour. */
  readonly color: string;
  /** 'sphere' for critical points, 'ring' for the current time. */
  readonly shape: 'sphere' | 'cone' | 'box';
}

export interface LandscapeSceneProps {
  readonly surface: SurfaceGeometry | null;
  readonly contours: Float32Array | null;
  /** The trajectory's stretches inside the drawn rectangle. */
  readonly trajectory: readonly (readonly OverlayPoint[])[];
  readonly markers: readonly SceneMarker[];
  readonly current: OverlayPoint | null;
  readonly dark: boolean;
}

function Controls() {
  const { camera, gl } = useThree();
  const controls = useRef<OrbitControls | null>(null);
  useEffect(() => {
    const c = new OrbitControls(camera, gl.domElement);
    c.target.set(0, HEIGHT / 3, 0);
    c.enableDamping = true;
    c.minDistance = 0.5;
    c.maxDistance = 12;
    controls.current = c;
    return () => c.dispose();
  }, [camera, gl]);
  useFrame(() => controls.current?.update());
  return null;
}

function Surface({ surface }: { surface: SurfaceGeometry }) {
  const geometry = useMemo(() => {
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(surface.positions, 3));
    g.setAttribute('color', new THREE.BufferAttribute(surface.colors, 3));
    g.setIndex(new THREE.BufferAttribute(surface.indices, 1));
    g.computeVertexNormals();
    return g;
  }, [surface]);
  useEffect(() => () => geometry.dispose(), [geometry]);
  return (
    <mesh geometry={geometry}>
      <meshStandardMaterial vertexColors side={THREE.DoubleSide} roughness={0.85} metalness={0} />
    </mesh>
  );
}

function Segments({ positions, color, opacity = 1 }: { positions: Float32Array; color: string; opacity?: number }) {
  const geometry = useMemo(() => {
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(positions, 3));
    return g;
  }, [positions]);
  useEffect(() => () => geometry.dispose(), [geometry]);
  return (
    <lineSegments geometry={geometry}>
      <lineBasicMaterial color={color} transparent={opacity < 1} opacity={opacity} />
    </lineSegments>
  );
}

function Polyline({ points, color, dashed = false }: { points: readonly [number, number, number][]; color: string; dashed?: boolean }) {
  const line = useMemo(() => {
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(Float32Array.from(points.flat()), 3));
    const material = dashed
      ? new THREE.LineDashedMaterial({ color, dashSize: 0.03, gapSize: 0.02 })
      : new THREE.LineBasicMaterial({ color });
    const l = new THREE.Line(g, material);
    if (dashed) l.computeLineDistances();
    return l;
  }, [points, color, dashed]);
  useEffect(
    () => () => {
      line.geometry.dispose();
      (line.material as THREE.Material).dispose();
    },
    [line],
  );
  return <primitive object={line} />;
}

function Marker({ marker }: { marker: SceneMarker }) {
  return (
    <mesh position={marker.position}>
      {marker.shape === 'sphere' && <sphereGeometry args={[0.028, 16, 12]} />}
      {marker.shape === 'cone' && <coneGeometry args={[0.03, 0.07, 12]} />}
      {marker.shape === 'box' && <boxGeometry args={[0.045, 0.045, 0.045]} />}
      <meshStandardMaterial color={marker.color} emissive={marker.color} emissiveIntensity={0.35} />
    </mesh>
  );
}

/** The unit box's floor outline and the α (x), β (z) axis arrows. */
function Frame({ color }: { color: string }) {
  const outline = useMemo(
    () => Float32Array.from([-1, 0, -1, 1, 0, -1, 1, 0, -1, 1, 0, 1, 1, 0, 1, -1, 0, 1, -1, 0, 1, -1, 0, -1, -1, 0, 1, -1, HEIGHT, 1]),
    [],
  );
  return (
    <>
      <Segments positions={outline} color={color} opacity={0.6} />
      <arrowHelper args={[new THREE.Vector3(1, 0, 0), new THREE.Vector3(-1, 0, 1.08), 2.15, color, 0.06, 0.04]} />
      <arrowHelper args={[new THREE.Vector3(0, 0, -1), new THREE.Vector3(-1.08, 0, 1), 2.15, color, 0.06, 0.04]} />
    </>
  );
}

export function LandscapeScene({ surface, contours, trajectory, markers, current, dark }: LandscapeSceneProps) {
  const onSurface = useMemo(() => trajectory.map((span) => span.map((p) => p.surface)), [trajectory]);
  const actual = useMemo(() => trajectory.map((span) => span.map((p) => p.actual)), [trajectory]);
  const ink = dark ? '#e8e8e8' : '#222222';
  const path = dark ? '#ff8a65' : '#d84315';
  return (
    <Canvas
      camera={{ position: [1.75, 1.55, 2.0], fov: 40, near: 0.01, far: 100 }}
      gl={{ preserveDrawingBuffer: true, antialias: true }}
      dpr={[1, 2]}
      data-testid="landscape-gl"
    >
      <color attach="background" args={[dark ? '#1c1f23' : '#ffffff']} />
      <ambientLight intensity={0.75} />
      <directionalLight position={[3, 5, 2]} intensity={1.2} />
      <Controls />
      <Frame color={ink} />
      {surface && <Surface surface={surface} />}
      {contours && contours.length > 0 && <Segments positions={contours} color={ink} opacity={0.45} />}
      {onSurface.map((span, k) => span.length > 1 && <Polyline key={`s${k}`} points={span} color={path} />)}
      {actual.map((span, k) => span.length > 1 && <Polyline key={`a${k}`} points={span} color={path} dashed />)}
      {current && (
        <>
          <Polyline points={[current.surface, current.actual]} color={ink} dashed />
          <Marker marker={{ id: 'now', position: current.surface, color: '#ffd54f', shape: 'box' }} />
        </>
      )}
      {markers.map((m) => (
        <Marker key={m.id} marker={m} />
      ))}
    </Canvas>
  );
}

/**
 * The three.js scene of LandscapeView, rendered on demand: react-three-fiber's `frameloop="demand"`
 * draws a frame only when something changes (new grid, time marker, camera move, resize), so an
 * idle studio costs no CPU. The objects come from landscape3d/sceneGraph (the same builder as
 * the PNG export and the recorder); ticks, axis titles and the colour bar are painted on a 2D
 * overlay after each frame by landscape3d/annotations. Camera: orbit/zoom/pan with the mouse
 * (three's OrbitControls, no damping — damping needs a frame loop); `keyToPose` maps the keys
 * LandscapeView listens to when the view has focus: ← → orbit, ↑ ↓ tilt, + − zoom, 0 reset.
 */
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { CameraPose } from '../../../contract/scene';
import { drawAnnotations, type AnnotationLayout } from '../landscape3d/annotations';
import { DEFAULT_POSE, poseToPosition, positionToPose } from '../landscape3d/cameraPose';
import { FOV, projector } from '../landscape3d/offscreen';
import { backgroundColor, buildLandscapeGraph, type GraphInput } from '../landscape3d/sceneGraph';
import type { OverlayPoint } from './landscapeData';

export type { SceneMarker } from '../landscape3d/sceneGraph';

/** What the view's toolbar, the PNG export and the recorder need from the live scene. */
export interface SceneHandle {
  readonly scene: THREE.Scene;
  getPose(): CameraPose;
  setPose(pose: CameraPose): void;
  /** Frames rendered since mount (for tests of on-demand rendering). */
  frames(): number;
}

export interface LandscapeSceneProps {
  readonly graph: GraphInput;
  readonly current: OverlayPoint | null;
  readonly layout: AnnotationLayout | null;
  readonly dark: boolean;
  onHandle?(handle: SceneHandle | null): void;
}

function Rig({ overlay, layout, dark, graph, current, onHandle }: LandscapeSceneProps & { overlay: RefObject<HTMLCanvasElement | null> }) {
  const { camera, gl, scene, invalidate, size } = useThree();
  const controls = useRef<OrbitControls | null>(null);
  const frames = useRef(0);
  const built = useMemo(() => buildLandscapeGraph(graph), [graph]);
  useEffect(() => () => built.dispose(), [built]);
  useEffect(() => {
    built.setCurrent(current);
    invalidate();
  }, [built, current, invalidate]);

  useEffect(() => {
    const c = new OrbitControls(camera, gl.domElement);
    c.target.set(...DEFAULT_POSE.target);
    c.minDistance = 0.5;
    c.maxDistance = 12;
    c.enableDamping = false;
    c.update();
    const changed = () => invalidate();
    c.addEventListener('change', changed);
    controls.current = c;
    return () => {
      c.removeEventListener('change', changed);
      c.dispose();
    };
  }, [camera, gl, invalidate]);

  useEffect(() => {
    const getPose = (): CameraPose => {
      const t = controls.current?.target ?? new THREE.Vector3(...DEFAULT_POSE.target);
      return positionToPose([camera.position.x, camera.position.y, camera.position.z], [t.x, t.y, t.z]);
    };
    const setPose = (pose: CameraPose) => {
      camera.position.set(...poseToPosition(pose));
      controls.current?.target.set(...pose.target);
      camera.lookAt(...pose.target);
      controls.current?.update();
      invalidate();
    };
    onHandle?.({ scene, getPose, setPose, frames: () => frames.current });
    return () => onHandle?.(null);
  }, [camera, scene, invalidate, onHandle]);

  useEffect(() => invalidate(), [layout, dark, size.width, size.height, invalidate]);

  // Runs only when a frame is rendered (demand frameloop): repaint the labels for this camera.
  useFrame(() => {
    frames.current++;
    // Exposed for the on-demand-rendering test (a DOM attribute, no React update).
    gl.domElement.dataset.frames = String(frames.current);
    const canvas = overlay.current;
    if (!canvas) return;
    const dpr = gl.getPixelRatio();
    const width = Math.round(size.width * dpr);
    const height = Math.round(size.height * dpr);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, width, height);
    if (layout) drawAnnotations(ctx, layout, projector(camera, width, height), { width, height, dark, scale: dpr });
  });

  return <primitive object={built.group} />;
}

export function LandscapeScene(props: LandscapeSceneProps) {
  const overlay = useRef<HTMLCanvasElement | null>(null);
  const position = poseToPosition(DEFAULT_POSE);
  return (
    <>
      <Canvas
        frameloop="demand"
        camera={{ position, fov: FOV, near: 0.01, far: 100 }}
        gl={{ preserveDrawingBuffer: true, antialias: true }}
        dpr={[1, 2]}
        data-testid="landscape-gl"
      >
        <color attach="background" args={[backgroundColor(props.dark)]} />
        <Rig {...props} overlay={overlay} />
      </Canvas>
      <canvas ref={overlay} className="landscape-labels" aria-hidden="true" data-testid="landscape-labels" />
    </>
  );
}

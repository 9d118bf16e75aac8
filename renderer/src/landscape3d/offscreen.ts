/**
 * Offscreen frames at any size up to 3840 × 2160, independent of the window: a separate
 * WebGLRenderer on a detached canvas renders the scene from a pose, then the annotations (ticks,
 * titles, colour bar) are painted over it on a 2D canvas. Colour settings match
 * react-three-fiber's defaults (sRGB output, ACES filmic tone mapping), so the file looks like
 * the screen.
 */
import * as THREE from 'three';
import { MAX_SCENE_SIZE, type CameraPose } from '../../../contract/scene';
import { drawAnnotations, textScale, type AnnotationLayout, type Projector, type Vec3 } from './annotations';
import { poseToPosition } from './cameraPose';

export const FOV = 40;

export function cameraFor(pose: CameraPose, aspect: number): THREE.PerspectiveCamera {
  const camera = new THREE.PerspectiveCamera(FOV, aspect, 0.01, 100);
  camera.position.set(...poseToPosition(pose));
  camera.lookAt(...pose.target);
  camera.updateMatrixWorld();
  return camera;
}

export function projector(camera: THREE.Camera, width: number, height: number): Projector {
  camera.updateMatrixWorld();
  const v = new THREE.Vector3();
  return (p: Vec3) => {
    v.set(p[0], p[1], p[2]).project(camera);
    if (v.z > 1 || v.z < -1) return null;
    return [((v.x + 1) / 2) * width, ((1 - v.y) / 2) * height];
  };
}

export interface FrameOptions {
  readonly width: number;
  readonly height: number;
  /** Transparent background (PNG export only; videos are opaque). */
  readonly transparent: boolean;
  readonly background: string;
  readonly dark: boolean;
  /** Null: no labels. */
  readonly annotations: AnnotationLayout | null;
}

export function checkFrameSize(width: number, height: number): void {
  for (const [name, value, max] of [
    ['width', width, MAX_SCENE_SIZE.width],
    ['height', height, MAX_SCENE_SIZE.height],
  ] as const)
    if (!Number.isInteger(value) || value < 16 || value > max) throw new RangeError(`${name} must be a whole number of pixels from 16 to ${max} (got ${value})`);
}

/** One renderer reused frame after frame (creating a WebGL context per frame is slow and limited). */
export class OffscreenRenderer {
  private readonly gl: THREE.WebGLRenderer;
  private readonly out: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;

  /**
   * `antialias`: multisampling. On for stills; recordings default to off, since without a GPU
   * (Chromium's SwiftShader) 4× MSAA makes a 1280×720 frame about 6× slower (measured: 240 vs 39 ms).
   */
  constructor(
    readonly width: number,
    readonly height: number,
    antialias = true,
  ) {
    checkFrameSize(width, height);
    const canvas = document.createElement('canvas');
    this.gl = new THREE.WebGLRenderer({ canvas, antialias, alpha: true, preserveDrawingBuffer: true });
    this.gl.outputColorSpace = THREE.SRGBColorSpace;
    this.gl.toneMapping = THREE.ACESFilmicToneMapping;
    this.gl.setPixelRatio(1);
    this.gl.setSize(width, height, false);
    this.out = document.createElement('canvas');
    this.out.width = width;
    this.out.height = height;
    const ctx = this.out.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('this browser cannot create a 2D canvas');
    this.ctx = ctx;
  }

  /** Renders `scene` from `pose` and paints the annotations; the returned canvas is reused by the next call. */
  render(scene: THREE.Scene, pose: CameraPose, options: Omit<FrameOptions, 'width' | 'height'>): HTMLCanvasElement {
    const { width, height } = this;
    const camera = cameraFor(pose, width / height);
    const saved = scene.background;
    scene.background = options.transparent ? null : new THREE.Color(options.background);
    this.gl.setClearColor(0x000000, 0);
    this.gl.render(scene, camera);
    scene.background = saved;
    this.ctx.clearRect(0, 0, width, height);
    this.ctx.drawImage(this.gl.domElement, 0, 0);
    if (options.annotations)
      drawAnnotations(this.ctx, options.annotations, projector(camera, width, height), { width, height, dark: options.dark, scale: textScale(width, height) });
    return this.out;
  }

  pixels(): ImageData {
    return this.ctx.getImageData(0, 0, this.width, this.height);
  }

  dispose(): void {
    this.gl.dispose();
    this.gl.forceContextLoss();
  }
}

export function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode the PNG'))), 'image/png'));
}

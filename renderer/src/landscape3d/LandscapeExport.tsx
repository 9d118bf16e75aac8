/**
 * "Save PNG": the landscape from the current camera, rendered offscreen at the chosen size (up
 * to 3840 × 2160, independent of the window), with ticks, axis titles and the colour bar painted
 * in, optionally on a transparent background; downloaded through the host.
 */
import { useState, type RefObject } from 'react';
import { MAX_SCENE_SIZE } from '../../../contract/scene';
import type { SceneHandle } from '../panels/LandscapeScene';
import { saveBytes } from '../recorder/saveFile';
import type { AnnotationLayout } from './annotations';
import { canvasToPng, checkFrameSize, OffscreenRenderer } from './offscreen';
import { backgroundColor } from './sceneGraph';

const PRESETS = [
  [1280, 720],
  [1920, 1080],
  [2560, 1440],
  [3840, 2160],
  [1200, 1200],
] as const;

interface Props {
  readonly handle: RefObject<SceneHandle | null>;
  readonly layout: AnnotationLayout;
  readonly dark: boolean;
}

/** Renders the live scene to a PNG of width × height (exported for the tests and the bench). */
export async function landscapePng(handle: SceneHandle, layout: AnnotationLayout | null, options: { width: number; height: number; transparent: boolean; dark: boolean }): Promise<Uint8Array> {
  checkFrameSize(options.width, options.height);
  const renderer = new OffscreenRenderer(options.width, options.height);
  try {
    const canvas = renderer.render(handle.scene, handle.getPose(), {
      transparent: options.transparent,
      background: backgroundColor(options.dark),
      dark: options.dark,
      annotations: layout,
    });
    return new Uint8Array(await (await canvasToPng(canvas)).arrayBuffer());
  } finally {
    renderer.dispose();
  }
}

export function LandscapeExport({ handle, layout, dark }: Props) {
  const [width, setWidth] = useState(1920);
  const [height, setHeight] = useState(1080);
  const [transparent, setTransparent] = useState(false);
  const [labels, setLabels] = useState(true);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  let sizeProblem: string | null = null;
  try {
    checkFrameSize(width, height);
  } catch (error) {
    sizeProblem = (error as Error).message;
  }
  const save = async () => {
    const h = handle.current;
    if (!h || sizeProblem) return;
    setBusy(true);
    setStatus(`rendering ${width}×${height}…`);
    try {
      const started = performance.now();
      const png = await landscapePng(h, labels ? layout : null, { width, height, transparent, dark });
      saveBytes(png, 'image/png', `landscape-${width}x${height}.png`);
      setStatus(`saved landscape-${width}x${height}.png (${(png.length / 1024).toFixed(0)} KiB, ${((performance.now() - started) / 1000).toFixed(2)} s)`);
    } catch (error) {
      setStatus(`could not export: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="controls landscape-export" data-testid="landscape-export">
      <label>
        PNG size
        <select
          data-testid="png-preset"
          value={`${width}x${height}`}
          onChange={(e) => {
            const [w, hgt] = e.target.value.split('x').map(Number);
            if (w && hgt) {
              setWidth(w);
              setHeight(hgt);
            }
          }}
        >
          {PRESETS.map(([w, hgt]) => (
            <option key={`${w}x${hgt}`} value={`${w}x${hgt}`}>
              {w}×{hgt}
            </option>
          ))}
          {!PRESETS.some(([w, hgt]) => w === width && hgt === height) && <option value={`${width}x${height}`}>custom</option>}
        </select>
      </label>
      <label>
        W
        <input type="number" data-testid="png-width" min={16} max={MAX_SCENE_SIZE.width} value={width} onChange={(e) => setWidth(Math.round(Number(e.target.value)))} />
      </label>
      <label>
        H
        <input type="number" data-testid="png-height" min={16} max={MAX_SCENE_SIZE.height} value={height} onChange={(e) => setHeight(Math.round(Number(e.target.value)))} />
      </label>
      <label>
        <input type="checkbox" checked={transparent} onChange={(e) => setTransparent(e.target.checked)} /> transparent
      </label>
      <label>
        <input type="checkbox" checked={labels} onChange={(e) => setLabels(e.target.checked)} /> labels and colour bar
      </label>
      <button type="button" data-testid="png-save" disabled={busy || sizeProblem !== null} onClick={() => void save()}>
        Save PNG
      </button>
      <span className="status-line" data-testid="png-status" role={sizeProblem ? 'alert' : undefined}>
        {sizeProblem ?? status ?? ''}
      </span>
    </div>
  );
}

/**
 * Export buttons of a 2D panel: SVG (the figure component rendered to a document in the print
 * theme) and PNG at a chosen size and pixel scale (the same SVG drawn into a canvas; the PNG
 * records its DPI = 96 × scale). The file is handed to the browser as a download (Electron shows
 * its save dialog for it).
 */
import { useState, type ReactElement } from 'react';
import { figureSvg } from '../../figures/svgString';
import { setPngDpi } from '../../figures/pngDpi';
import { PRINT_THEME, type FigureTheme } from '../../figures/theme';

interface Props {
  /** File name without extension, e.g. "spectrum-run_abc". */
  readonly fileName: string;
  /** The figure at a size, in a theme. */
  figure(theme: FigureTheme, size: { width: number; height: number }): ReactElement;
  readonly defaultSize: { width: number; height: number };
  readonly disabled?: boolean;
}

const MAX_PIXELS = 8192;

/** A file-name-safe stem of a label: "at θ₀: run 3 (w3)" → "at-run-3-w3". */
export function fileStem(label: string): string {
  return label.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'figure';
}

export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Draws an SVG document into a canvas of width·scale × height·scale pixels and encodes a PNG. */
export async function rasterize(svg: string, width: number, height: number, scale: number): Promise<Uint8Array> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw into a canvas');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((done) => canvas.toBlob(done, 'image/png'));
    if (!blob) throw new Error('the browser could not encode the PNG');
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}

function sizeProblem(width: number, height: number, scale: number): string | null {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 50 || height < 50) return 'Width and height must be whole numbers ≥ 50 (pixels).';
  if (width * scale > MAX_PIXELS || height * scale > MAX_PIXELS) return `The PNG would be ${Math.round(width * scale)}×${Math.round(height * scale)} pixels; at most ${MAX_PIXELS} per side.`;
  return null;
}

export function FigureExport({ fileName, figure, defaultSize, disabled = false }: Props) {
  const [width, setWidth] = useState(String(defaultSize.width));
  const [height, setHeight] = useState(String(defaultSize.height));
  const [scale, setScale] = useState(3);
  const [status, setStatus] = useState<string | null>(null);
  const w = Number(width);
  const h = Number(height);
  const problem = sizeProblem(w, h, scale);

  const exportSvg = () => {
    const svg = figureSvg(figure(PRINT_THEME, { width: w, height: h }));
    downloadBlob(new Blob([svg], { type: 'image/svg+xml' }), `${fileName}.svg`);
    setStatus(`saved ${fileName}.svg (${w}×${h}, vector)`);
  };
  const exportPng = async () => {
    const svg = figureSvg(figure(PRINT_THEME, { width: w, height: h }));
    const png = setPngDpi(await rasterize(svg, w, h, scale), 96 * scale);
    downloadBlob(new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }), `${fileName}.png`);
    setStatus(`saved ${fileName}.png (${Math.round(w * scale)}×${Math.round(h * scale)} px, ${96 * scale} dpi)`);
  };
  return (
    <div className="figure-export controls" data-testid="figure-export">
      <span>Export</span>
      <button type="button" data-testid="export-svg" disabled={disabled || problem !== null} onClick={exportSvg} title="vector SVG, print theme, serif fonts">
        SVG
      </button>
      <button
        type="button"
        data-testid="export-png"
        disabled={disabled || problem !== null}
        onClick={() => void exportPng().catch((e: Error) => setStatus(`PNG export failed: ${e.message}`))}
        title="PNG at width × height × scale pixels"
      >
        PNG
      </button>
      <label>
        size
        <input data-testid="export-width" type="number" min={50} value={width} onChange={(e) => setWidth(e.target.value)} style={{ width: '4.2rem' }} />×
        <input data-testid="export-height" type="number" min={50} value={height} onChange={(e) => setHeight(e.target.value)} style={{ width: '4.2rem' }} />
      </label>
      <label>
        scale
        <select data-testid="export-scale" value={scale} onChange={(e) => setScale(Number(e.target.value))}>
          {[1, 2, 3, 4].map((s) => (
            <option key={s} value={s}>
              {s}× ({96 * s} dpi)
            </option>
          ))}
        </select>
      </label>
      {(problem ?? status) && <span className={problem ? 'error' : 'status-line'} data-testid="export-status">{problem ?? status}</span>}
    </div>
  );
}

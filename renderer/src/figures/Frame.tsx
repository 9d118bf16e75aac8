// @jsxRuntime automatic (tsx/esbuild in Node read the root tsconfig.json, which sets no jsx mode)
/**
 * Building blocks of every figure: the root <svg> (self-contained: xmlns, size, font, background),
 * left and bottom axes with ticks and titles, grid lines, and a legend that wraps its entries.
 * Pure components: no hooks, no DOM — they render with react-dom/server in Node as on screen.
 */
import type { ReactNode, SVGProps } from 'react';
import { px, textWidth, type PixelTick, type PlotArea } from './layout';
import type { FigureTheme } from './theme';

interface FrameProps {
  readonly width: number;
  readonly height: number;
  readonly theme: FigureTheme;
  /** Accessible name (aria-label) and <title>. */
  readonly label: string;
  readonly children: ReactNode;
  /** Extra attributes for the root (screen interaction: viewBox for zoom, handlers, test ids). */
  readonly svgProps?: SVGProps<SVGSVGElement> & Record<`data-${string}`, string | number | undefined>;
}

export function FigureFrame({ width, height, theme, label, children, svgProps }: FrameProps) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      fontFamily={theme.fontFamily}
      fontSize={theme.fontSize}
      role="img"
      aria-label={label}
      className="figure"
      {...svgProps}
    >
      <title>{label}</title>
      <rect x={0} y={0} width={width} height={height} fill={theme.background} />
      {children}
    </svg>
  );
}

interface AxisProps {
  readonly area: PlotArea;
  readonly ticks: readonly PixelTick[];
  readonly title: string;
  readonly theme: FigureTheme;
  /** Draw grid lines across the plot at each tick. */
  readonly grid?: boolean;
}

/** Left axis: ticks at y = tick.at (figure pixels), labels right-aligned, title rotated. */
export function AxisLeft({ area, ticks, title, theme, grid = true }: AxisProps) {
  const x = area.left;
  const widest = Math.max(0, ...ticks.map((t) => textWidth(t.label, theme.fontSize)));
  return (
    <g data-axis="y">
      {grid &&
        ticks.map((t) => (
          <line key={`g${t.label}${t.at}`} x1={x} x2={x + area.width} y1={px(t.at)} y2={px(t.at)} stroke={theme.grid} strokeWidth={0.6} />
        ))}
      <line x1={x} x2={x} y1={area.top} y2={area.top + area.height} stroke={theme.axis} strokeWidth={1} />
      {ticks.map((t) => (
        <g key={`t${t.label}${t.at}`}>
          <line x1={x - 4} x2={x} y1={px(t.at)} y2={px(t.at)} stroke={theme.axis} strokeWidth={1} />
          <text x={x - 6} y={px(t.at)} dy="0.35em" textAnchor="end" fill={theme.muted}>
            {t.label}
          </text>
        </g>
      ))}
      <text
        transform={`translate(${px(x - widest - 14)} ${px(area.top + area.height / 2)}) rotate(-90)`}
        textAnchor="middle"
        fill={theme.foreground}
        fontSize={theme.fontSize * 1.1}
      >
        {title}
      </text>
    </g>
  );
}

/** Bottom axis: ticks at x = tick.at, title centred below. */
export function AxisBottom({ area, ticks, title, theme, grid = false }: AxisProps) {
  const y = area.top + area.height;
  return (
    <g data-axis="x">
      {grid &&
        ticks.map((t) => (
          <line key={`g${t.label}${t.at}`} x1={px(t.at)} x2={px(t.at)} y1={area.top} y2={y} stroke={theme.grid} strokeWidth={0.6} />
        ))}
      <line x1={area.left} x2={area.left + area.width} y1={y} y2={y} stroke={theme.axis} strokeWidth={1} />
      {ticks.map((t) => (
        <g key={`t${t.label}${t.at}`}>
          <line x1={px(t.at)} x2={px(t.at)} y1={y} y2={y + 4} stroke={theme.axis} strokeWidth={1} />
          <text x={px(t.at)} y={y + 6 + theme.fontSize} textAnchor="middle" fill={theme.muted}>
            {t.label}
          </text>
        </g>
      ))}
      <text x={px(area.left + area.width / 2)} y={y + 12 + 2.1 * theme.fontSize} textAnchor="middle" fill={theme.foreground} fontSize={theme.fontSize * 1.1}>
        {title}
      </text>
    </g>
  );
}

export type LegendShape = 'line' | 'dashed' | 'dotted' | 'circle' | 'ring' | 'square' | 'cross' | 'diamond' | 'arrow';

export interface LegendEntry {
  readonly label: string;
  readonly color: string;
  readonly shape: LegendShape;
}

/** A legend swatch centred at (x, y). */
export function Swatch({ x, y, color, shape }: { x: number; y: number; color: string; shape: LegendShape }) {
  switch (shape) {
    case 'line':
    case 'dashed':
    case 'dotted':
    case 'arrow':
      return (
        <g>
          <line
            x1={x - 9}
            x2={x + 9}
            y1={y}
            y2={y}
            stroke={color}
            strokeWidth={shape === 'arrow' ? 1.4 : 2}
            strokeDasharray={shape === 'dashed' ? '4 2.5' : shape === 'dotted' ? '1.5 2' : undefined}
          />
          {shape === 'arrow' && <path d={`M${x + 9},${y}l-5,-3v6z`} fill={color} />}
        </g>
      );
    case 'circle':
      return <circle cx={x} cy={y} r={4} fill={color} />;
    case 'ring':
      return <circle cx={x} cy={y} r={3.5} fill="none" stroke={color} strokeWidth={1.4} />;
    case 'square':
      return <rect x={x - 4} y={y - 4} width={8} height={8} fill={color} />;
    case 'diamond':
      return <path d={`M${x},${y - 5}L${x + 5},${y}L${x},${y + 5}L${x - 5},${y}Z`} fill="none" stroke={color} strokeWidth={1.4} />;
    case 'cross':
      return <path d={`M${x - 4},${y - 4}L${x + 4},${y + 4}M${x - 4},${y + 4}L${x + 4},${y - 4}`} stroke={color} strokeWidth={1.8} />;
  }
}

/** Height a legend of these entries takes when wrapped into `width` pixels. */
export function legendHeight(entries: readonly LegendEntry[], width: number, fontSize: number): number {
  return legendRows(entries, width, fontSize).length * (fontSize + 6);
}

function legendRows(entries: readonly LegendEntry[], width: number, fontSize: number): { entry: LegendEntry; x: number }[][] {
  const rows: { entry: LegendEntry; x: number }[][] = [];
  let row: { entry: LegendEntry; x: number }[] = [];
  let x = 0;
  for (const entry of entries) {
    const w = 26 + textWidth(entry.label, fontSize) + 14;
    if (row.length > 0 && x + w > width) {
      rows.push(row);
      row = [];
      x = 0;
    }
    row.push({ entry, x });
    x += w;
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** Entries laid out left to right from (x, y) (top-left), wrapping at `width`. */
export function Legend({ x, y, width, entries, theme }: { x: number; y: number; width: number; entries: readonly LegendEntry[]; theme: FigureTheme }) {
  const lineHeight = theme.fontSize + 6;
  return (
    <g data-legend="yes">
      {legendRows(entries, width, theme.fontSize).map((row, r) =>
        row.map(({ entry, x: dx }) => (
          <g key={`${r}-${entry.label}`}>
            <Swatch x={x + dx + 10} y={y + r * lineHeight + lineHeight / 2} color={entry.color} shape={entry.shape} />
            <text x={x + dx + 24} y={y + r * lineHeight + lineHeight / 2} dy="0.35em" fill={theme.foreground}>
              {entry.label}
            </text>
          </g>
        )),
      )}
    </g>
  );
}

/** A note in small muted type (units, scale explanations), wrapped at `width` by words. */
export function Note({ x, y, width, text, theme }: { x: number; y: number; width: number; text: string; theme: FigureTheme }) {
  const size = theme.fontSize * 0.9;
  const lines = wrapWords(text, width, size);
  // One <text> per line (not tspans with em offsets, which rasterizers handle unevenly).
  return (
    <g fill={theme.muted} fontSize={size}>
      {lines.map((line, i) => (
        <text key={i} x={x} y={px(y + size * (0.85 + 1.2 * i))}>
          {line}
        </text>
      ))}
    </g>
  );
}

export function wrapWords(text: string, width: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (line !== '' && textWidth(next, fontSize) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line !== '') lines.push(line);
  return lines;
}

export function noteHeight(text: string, width: number, theme: FigureTheme): number {
  const size = theme.fontSize * 0.9;
  return wrapWords(text, width, size).length * size * 1.2 + 2;
}

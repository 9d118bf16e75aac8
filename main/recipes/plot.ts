/**
 * A small SVG chart writer for recipe figures (lines, points with error bars, log or linear y),
 * self-contained so recipe figures render in Node without the renderer; serif text like the
 * studio's figures. Values outside [yMin, yMax] are clipped to the frame (not drawn off it): a
 * line that leaves the frame stops at its edge with a small arrow (a bound of 10⁻⁴⁶ is not drawn
 * as if it were the axis' 10⁻¹²), and points outside it are not drawn.
 */

export interface Point {
  x: number;
  y: number;
  low?: number;
  high?: number;
}

export interface Series {
  name: string;
  points: Point[];
  /** 'segments': consecutive point pairs (p0→p1, p2→p3, …) drawn as separate lines (graph edges). */
  kind: 'line' | 'points' | 'bars' | 'segments';
  color: string;
  dash?: string;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** y values are already log10 (axis labelled 10^k) when true. */
  yLog10?: boolean;
  yMin?: number;
  yMax?: number;
  xTicks?: number[];
  width?: number;
  height?: number;
  /** Horizontal reference line (e.g. the 100 % lottery line). */
  hline?: { y: number; label: string; color: string };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceTicks(lo: number, hi: number, count: number, integers: boolean): number[] {
  const span = hi - lo || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(integers ? 1 : 0, [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag);
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * span; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

export function chartSvg(spec: ChartSpec): string {
  const W = spec.width ?? 700;
  const H = spec.height ?? 420;
  const m = { left: 72, right: 250, top: 40, bottom: 56 };
  const xs = spec.series.flatMap((s) => s.points.map((p) => p.x));
  const finiteYs = spec.series.flatMap((s) => s.points.flatMap((p) => [p.y, p.low ?? p.y, p.high ?? p.y])).filter(Number.isFinite);
  const xMin = Math.min(...xs) - (spec.series.some((s) => s.kind === 'bars') ? 0.6 : 0.3);
  const xMax = Math.max(...xs) + (spec.series.some((s) => s.kind === 'bars') ? 0.6 : 0.3);
  const yMin = spec.yMin ?? Math.min(...finiteYs);
  const yMax = spec.yMax ?? Math.max(...finiteYs);
  const px = (x: number) => m.left + ((x - xMin) / (xMax - xMin || 1)) * (W - m.left - m.right);
  const py = (y: number) => {
    const c = Math.min(yMax, Math.max(yMin, Number.isFinite(y) ? y : y > 0 ? yMax : yMin));
    return H - m.bottom - ((c - yMin) / (yMax - yMin || 1)) * (H - m.top - m.bottom);
  };
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Latin Modern Roman, CMU Serif, Times New Roman, Liberation Serif, DejaVu Serif, serif">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${m.left}" y="24" font-size="15">${esc(spec.title)}</text>`);
  // axes and ticks
  const x0 = m.left, x1 = W - m.right, y0 = H - m.bottom, y1 = m.top;
  parts.push(`<path d="M${x0},${y1}V${y0}H${x1}" stroke="black" fill="none"/>`);
  for (const t of spec.xTicks ?? niceTicks(xMin, xMax, 6, true)) {
    parts.push(`<line x1="${px(t)}" x2="${px(t)}" y1="${y0}" y2="${y0 + 5}" stroke="black"/>`);
    parts.push(`<text x="${px(t)}" y="${y0 + 20}" font-size="12" text-anchor="middle">${t}</text>`);
  }
  for (const t of niceTicks(yMin, yMax, 6, spec.yLog10 === true)) {
    parts.push(`<line x1="${x0 - 5}" x2="${x0}" y1="${py(t)}" y2="${py(t)}" stroke="black"/>`);
    parts.push(`<line x1="${x0}" x2="${x1}" y1="${py(t)}" y2="${py(t)}" stroke="#ddd"/>`);
    const label = spec.yLog10 ? `10<tspan dy="-6" font-size="9">${t}</tspan>` : String(t);
    parts.push(`<text x="${x0 - 8}" y="${py(t) + 4}" font-size="12" text-anchor="end">${label}</text>`);
  }
  parts.push(`<text x="${(x0 + x1) / 2}" y="${H - 14}" font-size="13" text-anchor="middle">${esc(spec.xLabel)}</text>`);
  parts.push(`<text transform="translate(18,${(y0 + y1) / 2}) rotate(-90)" font-size="13" text-anchor="middle">${esc(spec.yLabel)}</text>`);
  if (spec.hline) {
    parts.push(`<line x1="${x0}" x2="${x1}" y1="${py(spec.hline.y)}" y2="${py(spec.hline.y)}" stroke="${spec.hline.color}" stroke-dasharray="6 4" stroke-width="1.5"/>`);
  }
  const barSeries = spec.series.filter((s) => s.kind === 'bars');
  const barWidth = 0.8 / Math.max(1, barSeries.length);
  spec.series.forEach((s, si) => {
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    if (s.kind === 'line') {
      const pts = s.points.filter((p) => !Number.isNaN(p.y));
      const { path, exits } = clippedLine(pts, yMin, yMax);
      const xy = (p: Point) => `${px(p.x).toFixed(2)},${py(p.y).toFixed(2)}`;
      const d = path.map((run) => `M${run.map(xy).join('L')}`).join('');
      if (d) parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.8"${dash}/>`);
      for (const e of exits) {
        const [x, y, dir] = [px(e.x), py(e.y), e.y >= yMax ? -1 : 1];
        parts.push(`<path d="M${(x - 4).toFixed(2)},${(y - 7 * dir).toFixed(2)}L${(x + 4).toFixed(2)},${(y - 7 * dir).toFixed(2)}L${x.toFixed(2)},${y.toFixed(2)}Z" fill="${s.color}"/>`);
      }
    }
    if (s.kind === 'segments') {
      for (let k = 0; k + 1 < s.points.length; k += 2) {
        const [a, b] = [s.points[k], s.points[k + 1]];
        if (Number.isNaN(a.y) || Number.isNaN(b.y)) continue;
        parts.push(`<line x1="${px(a.x).toFixed(2)}" y1="${py(a.y).toFixed(2)}" x2="${px(b.x).toFixed(2)}" y2="${py(b.y).toFixed(2)}" stroke="${s.color}" stroke-width="1.2" opacity="0.7"${dash}/>`);
      }
    }
    const offset = s.kind === 'bars' ? (barSeries.indexOf(s) - (barSeries.length - 1) / 2) * barWidth : 0;
    for (const p of s.kind === 'segments' ? [] : s.points) {
      if (Number.isNaN(p.y) || (s.kind === 'points' && (p.y < yMin || p.y > yMax))) continue;
      const cx = px(p.x + offset);
      if (s.kind === 'bars') {
        const w = px(barWidth * 0.9) - px(0);
        parts.push(`<rect x="${(cx - w / 2).toFixed(2)}" y="${py(p.y).toFixed(2)}" width="${w.toFixed(2)}" height="${(py(yMin) - py(p.y)).toFixed(2)}" fill="${s.color}" opacity="0.85"/>`);
      } else if (s.kind === 'points') parts.push(`<circle cx="${cx.toFixed(2)}" cy="${py(p.y).toFixed(2)}" r="4" fill="${s.color}"/>`);
      if (p.low !== undefined && p.high !== undefined)
        parts.push(`<path d="M${cx.toFixed(2)},${py(p.low).toFixed(2)}V${py(p.high).toFixed(2)}M${(cx - 4).toFixed(2)},${py(p.low).toFixed(2)}h8M${(cx - 4).toFixed(2)},${py(p.high).toFixed(2)}h8" stroke="black" fill="none"/>`);
    }
    // legend
    const ly = m.top + 8 + si * 20;
    const lx = W - m.right + 14;
    if (s.kind === 'line' || s.kind === 'segments') parts.push(`<line x1="${lx}" x2="${lx + 22}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="1.8"${dash}/>`);
    else if (s.kind === 'points') parts.push(`<circle cx="${lx + 11}" cy="${ly}" r="4" fill="${s.color}"/>`);
    else parts.push(`<rect x="${lx + 6}" y="${ly - 5}" width="10" height="10" fill="${s.color}"/>`);
    parts.push(`<text x="${lx + 28}" y="${ly + 4}" font-size="12">${esc(s.name)}</text>`);
  });
  if (spec.hline) {
    const ly = m.top + 8 + spec.series.length * 20;
    parts.push(`<line x1="${W - m.right + 14}" x2="${W - m.right + 36}" y1="${ly}" y2="${ly}" stroke="${spec.hline.color}" stroke-dasharray="6 4"/>`);
    parts.push(`<text x="${W - m.right + 42}" y="${ly + 4}" font-size="12">${esc(spec.hline.label)}</text>`);
  }
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

/**
 * The parts of a polyline inside yMin ≤ y ≤ yMax: runs of points (a segment crossing an edge is cut
 * where it meets it, by linear interpolation in the plotted coordinates) and the points where the
 * line leaves the frame. A non-finite y counts as beyond the edge it points to.
 */
export function clippedLine(points: readonly Point[], yMin: number, yMax: number): { path: Point[][]; exits: Point[] } {
  const path: Point[][] = [];
  const exits: Point[] = [];
  const inside = (p: Point) => p.y >= yMin && p.y <= yMax;
  const edge = (a: Point, b: Point): Point => {
    const y = b.y > yMax || a.y > yMax ? yMax : yMin;
    const t = Number.isFinite(a.y) && Number.isFinite(b.y) ? (y - a.y) / (b.y - a.y) : inside(a) ? 0 : 1;
    return { x: a.x + t * (b.x - a.x), y };
  };
  let run: Point[] = [];
  points.forEach((p, k) => {
    const prev = k > 0 ? points[k - 1] : null;
    if (inside(p)) {
      if (prev && !inside(prev)) run.push(edge(prev, p));
      run.push({ x: p.x, y: p.y });
    } else if (prev && inside(prev)) {
      const e = edge(prev, p);
      run.push(e);
      exits.push(e);
    }
    if (!inside(p) && run.length) {
      path.push(run);
      run = [];
    }
  });
  if (run.length) path.push(run);
  return { path: path.filter((r) => r.length > 1), exits };
}

/** Charts side by side / stacked: each chartSvg is nested as an <svg> at its offset. */
export function panels(charts: string[], columns: number, w = 700, h = 420): string {
  const rows = Math.ceil(charts.length / columns);
  const inner = charts.map((svg, k) => svg.replace('<svg ', `<svg x="${(k % columns) * w}" y="${Math.floor(k / columns) * h}" `)).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${columns * w}" height="${rows * h}" viewBox="0 0 ${columns * w} ${rows * h}">\n<rect width="100%" height="100%" fill="white"/>\n${inner}</svg>\n`;
}

/** PNG through @resvg/resvg-js (loaded on demand: native rasterizer). */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Serif' } });
  return new Uint8Array(resvg.render().asPng());
}

/**
 * The landscape's colormap: viridis from the shared 256-entry tables (../../figures/colormaps.ts,
 * d3-scale-chromatic). Kept as a thin adapter so existing callers keep their one-argument API;
 * new code should call `colormap(name, t)` from figures/colormaps directly.
 */
import { colormap as named, colormapCss as namedCss, type Rgb } from '../../figures/colormaps';

/** Viridis colour for t ∈ [0, 1] (clamped; NaN gives the lowest colour). */
export function colormap(t: number): Rgb {
  return named('viridis', t);
}

/** CSS colour string for t. */
export function colormapCss(t: number): string {
  return namedCss('viridis', t);
}

/** A CSS linear-gradient through the map, bottom (0) to top (1), for legends. */
export function colormapGradient(direction = 'to top', stops = 17): string {
  const parts = Array.from({ length: stops }, (_, k) => `${colormapCss(k / (stops - 1))} ${((100 * k) / (stops - 1)).toFixed(1)}%`);
  return `linear-gradient(${direction}, ${parts.join(', ')})`;
}

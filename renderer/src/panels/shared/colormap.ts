/**
 * A perceptually uniform colormap for loss surfaces: viridis, from matplotlib's published table
 * (van der Walt & Smith, CC0), sampled at 11 points and interpolated linearly in sRGB.
 */
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [0.267004, 0.004874, 0.329415],
  [0.282623, 0.140926, 0.457517],
  [0.253935, 0.265254, 0.529983],
  [0.206756, 0.371758, 0.553117],
  [0.163625, 0.471133, 0.558148],
  [0.127568, 0.566949, 0.550556],
  [0.134692, 0.658636, 0.517649],
  [0.266941, 0.748751, 0.440573],
  [0.477504, 0.821444, 0.318195],
  [0.741388, 0.873449, 0.149561],
  [0.993248, 0.906157, 0.143936],
];

/** Colour for t ∈ [0, 1] (clamped; NaN gives the lowest colour). */
export function colormap(t: number): [number, number, number] {
  const x = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const f = x * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(f));
  const w = f - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return [a[0] + w * (b[0] - a[0]), a[1] + w * (b[1] - a[1]), a[2] + w * (b[2] - a[2])];
}

/** CSS colour string for t. */
export function colormapCss(t: number): string {
  const [r, g, b] = colormap(t);
  return `rgb(${Math.round(255 * r)}, ${Math.round(255 * g)}, ${Math.round(255 * b)})`;
}

/** A CSS linear-gradient through the map, bottom (0) to top (1), for legends. */
export function colormapGradient(direction = 'to top', stops = 11): string {
  const parts = Array.from({ length: stops }, (_, k) => `${colormapCss(k / (stops - 1))} ${((100 * k) / (stops - 1)).toFixed(1)}%`);
  return `linear-gradient(${direction}, ${parts.join(', ')})`;
}

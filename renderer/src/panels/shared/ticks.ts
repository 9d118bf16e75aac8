/** Axis ticks and number labels shared by the 2D panels. */

/** About `count` "nice" ticks (1, 2, 5 × 10ᵏ steps) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return Number.isFinite(lo) ? [lo] : [];
  const raw = (hi - lo) / Math.max(count, 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const first = Math.ceil(lo / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let t = first; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

/** Integer decades 10ᵏ within [lo, hi] (both given as log10 values), thinned to at most `max`. */
export function decadeTicks(log10Lo: number, log10Hi: number, max = 8): number[] {
  if (!Number.isFinite(log10Lo) || !Number.isFinite(log10Hi) || log10Hi < log10Lo) return [];
  const first = Math.ceil(log10Lo - 1e-9);
  const last = Math.floor(log10Hi + 1e-9);
  const span = last - first;
  const every = Math.max(1, Math.ceil((span + 1) / max));
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) if ((k - first) % every === 0) ticks.push(k);
  return ticks;
}

/** Compact scientific label: 1e-4, 2.5e+3, 0, 0.25. */
export function formatNumber(x: number, digits = 3): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1e-2 && a < 1e4) return Number(x.toPrecision(digits)).toString();
  const [mantissa, exponent] = x.toExponential(digits - 1).split('e');
  const m = Number(mantissa).toString();
  return `${m}e${exponent!.startsWith('+') ? exponent!.slice(1) : exponent}`;
}

/** Label of a decade tick: 10^k → "1e-4". */
export function formatDecade(k: number): string {
  return k === 0 ? '1' : `1e${k}`;
}

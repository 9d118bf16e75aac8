/**
 * Typeset number labels for figures: true minus signs and powers of ten with Unicode
 * superscripts (10⁻⁷), which every serif stack we name (Latin Modern, Times, Liberation, DejaVu)
 * carries, so an exported SVG reads like a LaTeX plot without a math renderer.
 */
import { formatNumber } from '../panels/shared/ticks';

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

export function superscript(n: number): string {
  return String(n)
    .split('')
    .map((c) => SUPERSCRIPT[c] ?? c)
    .join('');
}

/** 10^k as "10⁻⁴" (k = 0 → "1"). */
export function powerLabel(k: number): string {
  return k === 0 ? '1' : `10${superscript(k)}`;
}

/** ASCII hyphen-minus → the typographic minus sign U+2212. */
export function withMinus(text: string): string {
  return text.replace(/^-/, '−');
}

/** A number label: ±10ᵏ exactly → power form, otherwise compact with a true minus. */
export function numberLabel(x: number, digits = 3): string {
  if (x !== 0 && Number.isFinite(x)) {
    const k = Math.round(Math.log10(Math.abs(x)));
    if (Math.abs(Math.abs(x) / 10 ** k - 1) < 1e-9 && (k <= -3 || k >= 4)) return `${x < 0 ? '−' : ''}${powerLabel(k)}`;
  }
  return withMinus(formatNumber(x, digits)).replace(/e(-?)(\d+)$/, (_, s: string, d: string) => `×10${superscript(Number(s + d))}`);
}

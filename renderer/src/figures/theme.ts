/**
 * Figure themes: concrete colours and fonts (no CSS variables), so a figure rendered to an SVG
 * file looks the same as on screen without the studio's stylesheet. `print` is the export theme
 * (white background, dark ink, a serif stack that matches a LaTeX paper: Latin Modern / Computer
 * Modern first, Times-metric fonts after); `dark` and `light` follow the studio's screen themes.
 */

export interface FigureTheme {
  readonly name: 'print' | 'light' | 'dark';
  readonly background: string;
  /** Main ink: data labels, titles. */
  readonly foreground: string;
  /** Tick labels, notes. */
  readonly muted: string;
  readonly grid: string;
  readonly axis: string;
  readonly fontFamily: string;
  /** Tick labels; titles are 1.15×. */
  readonly fontSize: number;
  /** Series colours (runs, neurons), colour-blind safe order (Okabe–Ito). */
  readonly palette: readonly string[];
  /** Point kinds (hierarchy, markers). */
  readonly kinds: { readonly global: string; readonly minimum: string; readonly saddle: string; readonly other: string };
  readonly negative: string;
  readonly positive: string;
  readonly flat: string;
  readonly teacher: string;
  readonly split: string;
  readonly cursor: string;
}

const SERIF = "'Latin Modern Roman', 'CMU Serif', 'Times New Roman', 'Liberation Serif', 'DejaVu Serif', serif";
const SANS = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif";

/** Okabe & Ito (2008) colour-blind safe palette (black left out: it is the ink). */
const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442'];

export const PRINT_THEME: FigureTheme = {
  name: 'print',
  background: '#ffffff',
  foreground: '#111111',
  muted: '#333333',
  grid: '#dddddd',
  axis: '#222222',
  fontFamily: SERIF,
  fontSize: 11,
  palette: OKABE_ITO,
  kinds: { global: '#1b9e3e', minimum: '#1f5fbf', saddle: '#c62828', other: '#8a8f94' },
  negative: '#c62828',
  positive: '#1f5fbf',
  flat: '#8a8f94',
  teacher: '#111111',
  split: '#d35400',
  cursor: '#b8860b',
};

export const LIGHT_THEME: FigureTheme = {
  ...PRINT_THEME,
  name: 'light',
  background: '#ffffff',
  foreground: '#1d1f21',
  muted: '#5f6469',
  grid: '#e3e6e9',
  axis: '#5f6469',
  fontFamily: SANS,
  fontSize: 11,
  teacher: '#444444',
};

export const DARK_THEME: FigureTheme = {
  name: 'dark',
  background: '#1c1f23',
  foreground: '#e6e6e3',
  muted: '#9aa0a6',
  grid: '#33373c',
  axis: '#9aa0a6',
  fontFamily: SANS,
  fontSize: 11,
  palette: ['#6ea0ff', '#ff9e5e', '#4fd1a1', '#e59ad0', '#ffc94d', '#8fd3ff', '#f0e442'],
  kinds: { global: '#4fc47a', minimum: '#7fb2ff', saddle: '#ff6b6b', other: '#8a9096' },
  negative: '#ff6b6b',
  positive: '#7fb2ff',
  flat: '#9aa0a6',
  teacher: '#dddddd',
  split: '#ffa040',
  cursor: '#ffd54f',
};

export function screenTheme(dark: boolean): FigureTheme {
  return dark ? DARK_THEME : LIGHT_THEME;
}

export function themeByName(name: FigureTheme['name']): FigureTheme {
  return name === 'dark' ? DARK_THEME : name === 'light' ? LIGHT_THEME : PRINT_THEME;
}

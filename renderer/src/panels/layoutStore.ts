/**
 * The studio layout remembered across reloads (localStorage): panel order, which are collapsed,
 * each panel's height, the theme. Parsing is forgiving: anything unknown falls back to defaults.
 */
export const PANEL_IDS = ['landscape', 'spectrum', 'weights', 'curves', 'split', 'hierarchy'] as const;
export type PanelId = (typeof PANEL_IDS)[number];
export type Theme = 'dark' | 'light';

export interface StudioLayout {
  readonly order: PanelId[];
  readonly collapsed: PanelId[];
  /** Panel heights in pixels. */
  readonly heights: Partial<Record<PanelId, number>>;
  /** Panels spanning both columns. */
  readonly wide: PanelId[];
  readonly theme: Theme;
}

export const STORAGE_KEY = 'escape-studio.layout.v1';

export const DEFAULT_LAYOUT: StudioLayout = {
  order: [...PANEL_IDS],
  collapsed: [],
  heights: {},
  wide: ['landscape'],
  theme: 'dark',
};

const isPanel = (x: unknown): x is PanelId => typeof x === 'string' && (PANEL_IDS as readonly string[]).includes(x);

export function parseLayout(raw: string | null): StudioLayout {
  if (!raw) return DEFAULT_LAYOUT;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return DEFAULT_LAYOUT;
  }
  if (typeof value !== 'object' || value === null) return DEFAULT_LAYOUT;
  const v = value as Record<string, unknown>;
  const list = (x: unknown): PanelId[] => (Array.isArray(x) ? [...new Set(x.filter(isPanel))] : []);
  const order = list(v.order);
  for (const id of PANEL_IDS) if (!order.includes(id)) order.push(id);
  const heights: Partial<Record<PanelId, number>> = {};
  if (typeof v.heights === 'object' && v.heights !== null)
    for (const [k, h] of Object.entries(v.heights as Record<string, unknown>))
      if (isPanel(k) && typeof h === 'number' && Number.isFinite(h)) heights[k] = Math.min(2000, Math.max(120, h));
  return {
    order,
    collapsed: list(v.collapsed),
    heights,
    wide: Array.isArray(v.wide) ? list(v.wide) : DEFAULT_LAYOUT.wide,
    theme: v.theme === 'light' ? 'light' : 'dark',
  };
}

export function serializeLayout(layout: StudioLayout): string {
  return JSON.stringify(layout);
}

/** Moves `id` one place earlier (-1) or later (+1) in the order. */
export function movePanel(layout: StudioLayout, id: PanelId, by: -1 | 1): StudioLayout {
  const order = [...layout.order];
  const at = order.indexOf(id);
  const to = at + by;
  if (at < 0 || to < 0 || to >= order.length) return layout;
  order.splice(at, 1);
  order.splice(to, 0, id);
  return { ...layout, order };
}

export function toggle(list: readonly PanelId[], id: PanelId): PanelId[] {
  return list.includes(id) ? list.filter((x) => x !== id) : [...list, id];
}

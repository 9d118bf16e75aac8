/**
 * The dock's layout: the default arrangement, and saving/restoring the user's arrangement
 * (dockview's own JSON) in localStorage. A stored layout that fails to load falls back to the
 * default; a panel newer than the stored layout is added; a closed one reopens from the Panels menu.
 */
import type { DockviewApi } from 'dockview-react';
import { DOCK_PANEL_IDS, DOCK_PANELS, type DockPanelId } from './DockPanels';

export const DOCK_STORAGE_KEY = 'escape-studio.dock.v2';

function add(api: DockviewApi, id: DockPanelId, position?: { referencePanel: string; direction: 'right' | 'below' | 'within' }, size?: { initialWidth?: number; initialHeight?: number }): void {
  if (api.getPanel(id)) return;
  api.addPanel({ id, component: id, title: DOCK_PANELS[id].title, ...(position ? { position } : {}), ...(size ?? {}), inactive: position?.direction === 'within' });
}

/** Landscape large at the top left; spectrum and loss curves on the right; experiment, jobs, batch, hierarchy below. */
export function buildDefaultLayout(api: DockviewApi): void {
  api.clear();
  const w = api.width || 1200;
  const h = api.height || 800;
  add(api, 'landscape');
  add(api, 'weights', { referencePanel: 'landscape', direction: 'within' });
  add(api, 'spectrum', { referencePanel: 'landscape', direction: 'right' }, { initialWidth: Math.round(w * 0.42) });
  add(api, 'curves', { referencePanel: 'spectrum', direction: 'below' });
  add(api, 'split', { referencePanel: 'curves', direction: 'within' });
  add(api, 'new-experiment', { referencePanel: 'landscape', direction: 'below' }, { initialHeight: Math.round(h * 0.36) });
  add(api, 'batch', { referencePanel: 'new-experiment', direction: 'within' });
  add(api, 'jobs', { referencePanel: 'new-experiment', direction: 'within' });
  add(api, 'hierarchy', { referencePanel: 'new-experiment', direction: 'within' });
  add(api, 'recipes', { referencePanel: 'new-experiment', direction: 'within' });
  add(api, 'workspace-files', { referencePanel: 'new-experiment', direction: 'within' });
  api.getPanel('landscape')?.api.setActive();
  api.getPanel('new-experiment')?.api.setActive();
}

/** What is stored: dockview's layout and the panels this version knew when it saved it. */
interface StoredLayout {
  readonly known: readonly string[];
  readonly layout: Parameters<DockviewApi['fromJSON']>[0];
}

/** Restores the stored layout; false when there is none or it could not be read. */
export function restoreLayout(api: DockviewApi): boolean {
  let stored: StoredLayout;
  try {
    const raw = window.localStorage.getItem(DOCK_STORAGE_KEY);
    if (!raw) return false;
    stored = JSON.parse(raw) as StoredLayout;
    if (!Array.isArray(stored.known) || typeof stored.layout !== 'object' || stored.layout === null) return false;
    api.fromJSON(stored.layout);
  } catch {
    return false;
  }
  const first = api.panels[0];
  if (!first) return false;
  // Panels new since the layout was saved join the first group as tabs; ones the user closed stay closed (Panels menu).
  for (const id of DOCK_PANEL_IDS) if (!stored.known.includes(id)) add(api, id, { referencePanel: first.id, direction: 'within' });
  return true;
}

export function saveLayout(api: DockviewApi): void {
  try {
    const stored: StoredLayout = { known: DOCK_PANEL_IDS, layout: api.toJSON() };
    window.localStorage.setItem(DOCK_STORAGE_KEY, JSON.stringify(stored));
  } catch {
    // Storage may be unavailable (private mode); the layout then lasts for this session.
  }
}

/** Opens a panel (re-adding it where it was closed), makes it the active tab. */
export function openPanel(api: DockviewApi, id: DockPanelId): void {
  const existing = api.getPanel(id);
  if (existing) {
    if (!existing.api.isMaximized() && api.hasMaximizedGroup()) api.exitMaximizedGroup();
    existing.api.setActive();
    return;
  }
  const anchor = api.panels[0];
  add(api, id, anchor ? { referencePanel: anchor.id, direction: 'within' } : undefined);
  api.getPanel(id)?.api.setActive();
}

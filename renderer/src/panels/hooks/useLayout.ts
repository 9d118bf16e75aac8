/** The studio layout and theme, remembered in localStorage. */
import { useEffect, useState } from 'react';
import { parseLayout, serializeLayout, STORAGE_KEY, type StudioLayout } from '../layoutStore';

function load(): StudioLayout {
  try {
    return parseLayout(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    return parseLayout(null);
  }
}

export function useLayout(): [StudioLayout, (update: (l: StudioLayout) => StudioLayout) => void] {
  const [layout, setLayout] = useState<StudioLayout>(load);
  useEffect(() => {
    document.documentElement.dataset.theme = layout.theme;
    try {
      window.localStorage.setItem(STORAGE_KEY, serializeLayout(layout));
    } catch {
      // Storage may be unavailable (private mode); the layout then lasts for this session.
    }
  }, [layout]);
  return [layout, (update) => setLayout((l) => update(l))];
}

/**
 * The figure theme matching the studio's screen theme (html[data-theme], set by the layout; the
 * system colour scheme when unset), kept current while the user switches themes.
 */
import { useEffect, useState } from 'react';
import { screenTheme, type FigureTheme } from '../../figures/theme';

function isDark(): boolean {
  const set = document.documentElement.dataset.theme;
  if (set === 'dark') return true;
  if (set === 'light') return false;
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches;
}

export function useFigureTheme(): FigureTheme {
  const [dark, setDark] = useState(isDark);
  useEffect(() => {
    const observer = new MutationObserver(() => setDark(isDark()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return screenTheme(dark);
}

/**
 * The width (CSS pixels) of an element, tracked with ResizeObserver; `fallback` until measured.
 * Returns a callback ref, so an element that mounts later (after data arrives) is measured too.
 */
import { useCallback, useEffect, useState } from 'react';

export function useElementWidth<T extends HTMLElement>(fallback: number): [(el: T | null) => void, number] {
  const [element, setElement] = useState<T | null>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    if (!element || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const w = Math.floor(element.getBoundingClientRect().width);
      // Ignore hidden (collapsed) panels and sub-pixel jitter.
      if (w > 40) setWidth((old) => (Math.abs(old - w) >= 2 ? w : old));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  const ref = useCallback((el: T | null) => setElement(el), []);
  return [ref, width];
}

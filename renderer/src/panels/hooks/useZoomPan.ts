/**
 * Zoom and pan of an SVG figure through its viewBox: wheel zooms around the pointer, dragging
 * pans, `zoomBy` and `reset` serve buttons. The figure itself stays a pure component; only the
 * viewBox it is shown through changes (the export always uses the whole figure).
 */
import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';

export interface View {
  readonly x: number;
  readonly y: number;
  readonly k: number;
}

const MIN_ZOOM = 1;
const MAX_ZOOM = 20;

/** Zoom by `factor` about the figure point (px, py), keeping that point fixed; clamped to the figure. */
export function zoomAbout(view: View, factor: number, px: number, py: number, width: number, height: number): View {
  const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, view.k * factor));
  const x = px - ((px - view.x) * view.k) / k;
  const y = py - ((py - view.y) * view.k) / k;
  return clampView({ x, y, k }, width, height);
}

export function clampView(view: View, width: number, height: number): View {
  const w = width / view.k;
  const h = height / view.k;
  return { k: view.k, x: Math.min(Math.max(view.x, 0), width - w), y: Math.min(Math.max(view.y, 0), height - h) };
}

export function useZoomPan(width: number, height: number) {
  const [view, setView] = useState<View>({ x: 0, y: 0, k: 1 });
  const [element, setElement] = useState<HTMLElement | null>(null);
  const drag = useRef<{ sx: number; sy: number; view: View; moved: boolean } | null>(null);
  const size = useRef({ width, height });
  size.current = { width, height };

  /** Client coordinates → figure coordinates under the current view. */
  const toFigure = useCallback((clientX: number, clientY: number, v: View): [number, number] => {
    const rect = element?.getBoundingClientRect();
    if (!rect || rect.width === 0) return [0, 0];
    return [v.x + ((clientX - rect.left) / rect.width) * (size.current.width / v.k), v.y + ((clientY - rect.top) / rect.height) * (size.current.height / v.k)];
  }, [element]);

  useEffect(() => {
    if (!element) return;
    // A native listener: React's wheel handlers are passive and cannot stop the page scrolling.
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      setView((v) => {
        const [px, py] = toFigure(e.clientX, e.clientY, v);
        return zoomAbout(v, Math.exp(-e.deltaY * 0.0015), px, py, size.current.width, size.current.height);
      });
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [element, toFigure]);

  const handlers = {
    onPointerDown: (e: ReactPointerEvent) => {
      if (e.button !== 0) return;
      drag.current = { sx: e.clientX, sy: e.clientY, view, moved: false };
    },
    onPointerMove: (e: ReactPointerEvent) => {
      const d = drag.current;
      const rect = element?.getBoundingClientRect();
      if (!d || !rect || rect.width === 0) return;
      const dx = ((e.clientX - d.sx) / rect.width) * (size.current.width / d.view.k);
      const dy = ((e.clientY - d.sy) / rect.height) * (size.current.height / d.view.k);
      if (Math.abs(e.clientX - d.sx) + Math.abs(e.clientY - d.sy) > 3) d.moved = true;
      if (d.moved) setView(clampView({ k: d.view.k, x: d.view.x - dx, y: d.view.y - dy }, size.current.width, size.current.height));
    },
    onPointerUp: () => {
      drag.current = null;
    },
    onPointerLeave: () => {
      drag.current = null;
    },
  };
  const zoomBy = (factor: number) => setView((v) => zoomAbout(v, factor, v.x + width / v.k / 2, v.y + height / v.k / 2, width, height));
  const reset = () => setView({ x: 0, y: 0, k: 1 });
  const viewBox = view.k === 1 ? undefined : `${view.x} ${view.y} ${width / view.k} ${height / view.k}`;
  return { ref: setElement, handlers, viewBox, zoom: view.k, zoomBy, reset };
}

/**
 * A dockable panel frame: title, move earlier/later, span both columns, collapse; height remembered.
 * Its content sits in an error boundary, so one failing panel never takes the page down.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import type { PanelId } from './layoutStore';
import { PanelErrorBoundary } from './PanelErrorBoundary';

interface Props {
  readonly id: PanelId;
  readonly title: string;
  readonly collapsed: boolean;
  readonly wide: boolean;
  readonly height: number | undefined;
  readonly defaultHeight: number;
  onMove(by: -1 | 1): void;
  onToggleWide(): void;
  onToggleCollapsed(): void;
  onResize(height: number): void;
  readonly children: ReactNode;
}

export function Panel(props: Props) {
  const body = useRef<HTMLDivElement>(null);
  const onResize = useRef(props.onResize);
  onResize.current = props.onResize;
  useEffect(() => {
    const el = body.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let first = true;
    const observer = new ResizeObserver(() => {
      // The first callback reports the initial size, not a user's resize.
      if (first) {
        first = false;
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(() => onResize.current(Math.round(el.getBoundingClientRect().height)), 300);
    });
    observer.observe(el);
    return () => {
      clearTimeout(timer);
      observer.disconnect();
    };
  }, []);
  return (
    <section className={`panel${props.wide ? ' wide' : ''}${props.collapsed ? ' collapsed' : ''}`} data-testid={`panel-${props.id}`}>
      <header>
        <h3>{props.title}</h3>
        <button type="button" title="move earlier" onClick={() => props.onMove(-1)}>
          ↑
        </button>
        <button type="button" title="move later" onClick={() => props.onMove(1)}>
          ↓
        </button>
        <button type="button" title={props.wide ? 'one column' : 'full width'} onClick={props.onToggleWide}>
          {props.wide ? '⇥⇤' : '⇤⇥'}
        </button>
        <button type="button" title={props.collapsed ? 'expand' : 'collapse'} onClick={props.onToggleCollapsed} data-testid={`collapse-${props.id}`}>
          {props.collapsed ? '+' : '−'}
        </button>
      </header>
      <div className="panel-body" ref={body} style={{ height: props.height ?? props.defaultHeight }}>
        <PanelErrorBoundary title={props.title}>{props.children}</PanelErrorBoundary>
      </div>
    </section>
  );
}

/**
 * A figure element → a standalone SVG document string. The same React components draw the
 * panels on screen; here they are rendered with react-dom/server (in the browser for the panels'
 * Export buttons, in Node for `escape-studio figure`), so screen and file cannot disagree.
 */
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

export function figureSvg(element: ReactElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renderToStaticMarkup(element)}\n`;
}

/**
 * The type of what preload/index.ts puts on `window` (contextBridge): the renderer reads
 * `window.escapeStudio` with this declaration, never through casts. Absent in a browser
 * (web host), present under Electron.
 */
import type { StudioBridge } from '../contract/bridge';

declare global {
  interface Window {
    escapeStudio?: StudioBridge;
  }
}

export {};

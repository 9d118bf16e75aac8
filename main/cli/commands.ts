/**
 * Every CLI command: its name and one-line summary here, its module loaded only when it runs,
 * so `escape-studio --help` (and every command) starts without importing the others' libraries
 * (zod schemas, onnx-proto, react-dom/server, ws, …). Add new commands here (one entry each).
 */
import type { CliCommand } from './command';

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<CliCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'analyze', summary: 'loss, gradient norm, Hessian spectrum and type of a critical point', load: async () => (await import('./analyze')).analyzeCommand },
  { name: 'serve', summary: 'serve the studio to a browser (renderer + API over WebSocket, token-protected)', load: async () => (await import('./serve')).serveCommand },
  { name: 'train', summary: 'train a student (gradient flow + polish, gd, adam, minimize) and certify its end point', load: async () => (await import('./train')).trainCommand },
  { name: 'split', summary: 'split a hidden neuron with factor γ (function-preserving; minima become saddles)', load: async () => (await import('./split')).splitCommand },
  { name: 'record', summary: 'render a saved recorder scene to .webm / .gif / .zip (PNG frames) in headless Chromium', load: async () => (await import('./record')).recordCommand },
  { name: 'surface', summary: 'loss surface on a plane through a point, written as .npz, loss-landscape .h5, or ParaView .vtp/.vts', load: async () => (await import('./surface')).surfaceCommand },
  { name: 'export', summary: 'write a run (run.npz, run.json) or a batch table (runs.csv, runs.json, final_theta.npz) to a folder', load: async () => (await import('./export')).exportCommand },
  { name: 'inspect', summary: 'show what a network file holds: format, tensors, inferred network; with --data its loss', load: async () => (await import('./inspect')).inspectCommand },
  { name: 'figure', summary: "the studio's 2D panels (spectrum, loss curves, weight space, hierarchy) as SVG or PNG", load: async () => (await import('./figure')).figureCommand },
  { name: 'reproduce', summary: "run one of the paper's experiments (a recipe): data, figure and table in one folder", load: async () => (await import('./reproduce')).reproduceCommand },
  { name: 'gather', summary: 'merge recipe shard folders (reproduce --shard) into one recipe folder', load: async () => (await import('./reproduce')).gatherCommand },
  { name: 'grow', summary: 'embed a network in a wider one: add Glorot-normal neurons with zero outgoing weights', load: async () => (await import('./grow')).growCommand },
  { name: 'hierarchy', summary: 'explore the hierarchy of critical points across widths (paper Fig. 5)', load: async () => (await import('./hierarchy')).hierarchyCommand },
];

/** Figure inputs shaped like the studio's data (a saddle spectrum, phased curves, a Fig. 5 hierarchy). */
import { createElement, type ReactElement } from 'react';
import { HierarchyFigure } from '../../../../renderer/src/figures/HierarchyFigure';
import type { HierarchyFigureNode } from '../../../../renderer/src/figures/hierarchyLayout';
import { LossCurvesFigure } from '../../../../renderer/src/figures/LossCurvesFigure';
import { SpectrumFigure } from '../../../../renderer/src/figures/SpectrumFigure';
import { PRINT_THEME, type FigureTheme } from '../../../../renderer/src/figures/theme';
import { WeightSpaceFigure } from '../../../../renderer/src/figures/WeightSpaceFigure';
import type { HierarchyEdge } from '../../../../renderer/src/panels/hierarchyData';

/** A split point's spectrum: one clear negative eigenvalue, a tiny one next to 0, flat directions. */
// max = 5 puts the linear threshold at 5e-8, so ±10⁻⁷ ticks sit right next to 0 (issue 9 §4).
export const EIGENVALUES = [-3.1e-4, -1e-7, 0, 2e-13, 4e-6, 2.2e-5, 1e-3, 0.02, 0.3, 1.1, 2.4, 3.3, 5];

export const CURVE = (() => {
  const time = Array.from({ length: 400 }, (_, i) => 0.05 * i * i);
  const loss = time.map((t) => 0.1 * Math.exp(-t / 300) + 1.8e-4 + (t > 4000 ? -1.7e-4 * (1 - Math.exp(-(t - 4000) / 500)) : 0));
  return { id: 'r1', label: 'fig6 m = 3, flow, seed 4', time, loss, phases: [{ name: 'flow', fromIndex: 0, toIndex: 280 }, { name: 'polish', fromIndex: 280, toIndex: 399 }] };
})();

export const HIERARCHY: { nodes: HierarchyFigureNode[]; edges: HierarchyEdge[] } = {
  nodes: [
    { id: 'a', width: 2, loss: 3.1e-3, kind: 'minimum', split: false, classification: 'local-min', hits: 3 },
    { id: 'b', width: 2, loss: 3.1e-3, kind: 'other', split: false, classification: 'not-critical', hits: 1 },
    { id: 'c', width: 3, loss: 3.1e-3, kind: 'saddle', split: true, classification: 'strict-saddle', hits: 1 },
    { id: 'd', width: 3, loss: 1.6e-4, kind: 'minimum', split: false, classification: 'local-min', hits: 2 },
    { id: 'e', width: 3, loss: 1e-29, kind: 'global', split: false, classification: 'global-min', hits: 5 },
    { id: 'f', width: 4, loss: 1.6e-4, kind: 'saddle', split: true, classification: 'strict-saddle', hits: 1 },
    { id: 'g', width: 4, loss: 3e-30, kind: 'global', split: false, classification: 'global-min', hits: 4 },
  ],
  edges: [
    { from: 'a', to: 'c', kind: 'embed' },
    { from: 'c', to: 'd', kind: 'escape' },
    { from: 'c', to: 'e', kind: 'escape' },
    { from: 'd', to: 'f', kind: 'embed' },
    { from: 'f', to: 'g', kind: 'escape' },
  ],
};

export const SNAPSHOTS = Array.from({ length: 40 }, (_, k) => [1 - k / 40, 0.5, -0.3 + k / 80, 0.8, 0.2, -0.6 + k / 50, 0, 0, 0, 1, 1, 1, 0]);

export interface Sample {
  readonly name: string;
  figure(theme?: FigureTheme): ReactElement;
  /** Texts the figure must show: axis titles, tick values, legend entries. */
  readonly texts: readonly string[];
}

export const SAMPLES: readonly Sample[] = [
  {
    name: 'spectrum',
    figure: (theme = PRINT_THEME) => createElement(SpectrumFigure, { eigenvalues: EIGENVALUES, classification: 'strict-saddle', theme, width: 640, height: 360, title: 'split point' }),
    texts: ['Hessian eigenvalue λₖ', 'eigenvalue index k (ascending, 13 in all)', '0', '1', '13', 'λ < 0 (2)'],
  },
  {
    name: 'curves',
    figure: (theme = PRINT_THEME) => createElement(LossCurvesFigure, { curves: [CURVE], timeScale: 'log', cursorTime: 100, theme, width: 640, height: 360 }),
    texts: ['loss L = (1/N) Σ‖f(x) − y‖²', 'flow phase', 'polish phase', '10⁻¹', '10⁻⁴', '0'],
  },
  {
    name: 'weights',
    figure: (theme = PRINT_THEME) =>
      createElement(WeightSpaceFigure, { snapshots: SNAPSHOTS, inputDim: 2, hiddenWidth: 3, teacherWeights: [[1, 0.5], [-0.5, 1]], splitCopies: [0, 2], currentIndex: 20, theme, width: 480, height: 420 }),
    texts: ['w₁ (weight from input x₁)', 'w₂ (weight from input x₂)', 'teacher neuron', 'split copies', '0.5', '−0.5', '1', '2', '3'],
  },
  {
    name: 'hierarchy',
    figure: (theme = PRINT_THEME) => createElement(HierarchyFigure, { ...HIERARCHY, theme, width: 640, height: 440 }),
    texts: ['loss L (log scale, axis broken at gaps)', 'student width m (hidden neurons)', 'm = 2', 'm = 4', '10⁻³', '10⁻²⁹', 'global minimum', 'not critical / undecided', 'split point'],
  },
];

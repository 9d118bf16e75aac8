/**
 * Figure export (issue 11): time to render each 2D panel's figure to a standalone SVG document
 * (react-dom/server, as the Export button and `escape-studio figure` do) at studio-sized data —
 * a 1,000-eigenvalue spectrum, three 100,000-point loss curves with phases, 10 neurons over 500
 * snapshots, a 200-node hierarchy — and one 640×360 SVG → PNG at 3× through @resvg/resvg-js.
 */
import { createElement, type ReactElement } from 'react';
import type { BenchCase } from '../harness';
import { HierarchyFigure } from '../../renderer/src/figures/HierarchyFigure';
import type { HierarchyFigureNode } from '../../renderer/src/figures/hierarchyLayout';
import { LossCurvesFigure } from '../../renderer/src/figures/LossCurvesFigure';
import { SpectrumFigure } from '../../renderer/src/figures/SpectrumFigure';
import { figureSvg } from '../../renderer/src/figures/svgString';
import { PRINT_THEME } from '../../renderer/src/figures/theme';
import { WeightSpaceFigure } from '../../renderer/src/figures/WeightSpaceFigure';
import type { HierarchyEdge } from '../../renderer/src/panels/hierarchyData';
import { lcg } from '../data';

const rand = lcg(5);
const size = { width: 640, height: 400, theme: PRINT_THEME };

const eigenvalues = Array.from({ length: 1000 }, (_, k) => (k < 3 ? -(10 ** (-2 - k)) : 10 ** (-8 + (8 * k) / 1000) * (0.5 + rand()))).sort((a, b) => a - b);

const curves = [0, 1, 2].map((c) => {
  const n = 100_000;
  const time = Array.from({ length: n }, (_, i) => i * 0.01);
  const loss = time.map((t) => 0.1 * Math.exp(-t / (50 + 20 * c)) + 1e-4 * (1 + 0.01 * rand()));
  return { id: `r${c}`, label: `run ${c}`, time, loss, phases: [{ name: 'flow', fromIndex: 0, toIndex: 80_000 }, { name: 'polish', fromIndex: 80_000, toIndex: n - 1 }] };
});

const inputDim = 2;
const hidden = 10;
const P = hidden * inputDim + hidden + hidden + 1;
const snapshots = Array.from({ length: 500 }, (_, k) => Array.from({ length: P }, (_, i) => Math.sin(i + k / 100) * (1 + k / 500)));

const kinds: HierarchyFigureNode['kind'][] = ['global', 'minimum', 'saddle', 'other'];
const nodes: HierarchyFigureNode[] = Array.from({ length: 200 }, (_, i) => {
  const kind = kinds[i % 4];
  return { id: `n${i}`, width: 2 + (i % 8), loss: kind === 'global' ? 10 ** (-28 - rand()) : 10 ** (-4 + 2 * rand()), kind, split: i % 5 === 0, hits: 1 + (i % 3) };
});
const edges: HierarchyEdge[] = Array.from({ length: 150 }, (_, i) => ({ from: `n${i}`, to: `n${(i * 7 + 3) % 200}`, kind: i % 3 === 0 ? 'embed' : 'escape' }));

function svgCase(name: string, figure: () => ReactElement): BenchCase {
  return { name: `figures.svg.${name}`, warmup: 2, repetitions: 30, maxSeconds: 4, run: () => ({ benchExtra: { bytes: figureSvg(figure()).length } }) };
}

const spectrum = () => createElement(SpectrumFigure, { ...size, eigenvalues, classification: 'strict-saddle' });

export default [
  svgCase('spectrum.P1000', spectrum),
  svgCase('curves.3x100k', () => createElement(LossCurvesFigure, { ...size, curves, timeScale: 'log', cursorTime: null })),
  svgCase('weights.m10.T500', () => createElement(WeightSpaceFigure, { ...size, snapshots, inputDim, hiddenWidth: hidden, teacherWeights: [[1, 0], [0, 1]], currentIndex: 250 })),
  svgCase('hierarchy.n200', () => createElement(HierarchyFigure, { ...size, nodes, edges })),
  {
    name: 'figures.png.spectrum.640x400x3',
    warmup: 1,
    repetitions: 10,
    maxSeconds: 5,
    async setup() {
      const { Resvg } = await import('@resvg/resvg-js');
      return { Resvg, svg: figureSvg(spectrum()) };
    },
    run(state) {
      const { Resvg, svg } = state as { Resvg: typeof import('@resvg/resvg-js').Resvg; svg: string };
      return { benchExtra: { bytes: new Resvg(svg, { fitTo: { mode: 'zoom', value: 3 }, font: { loadSystemFonts: true } }).render().asPng().length } };
    },
  },
] satisfies BenchCase[];

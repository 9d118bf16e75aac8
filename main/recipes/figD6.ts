/**
 * figD6-counts (App. D, eqs. 18–20): R(r*, m) = saddle subspaces / global-minimum subspaces vs
 * ρ = m/r for r = 4, 10, 50 (exact BigInt counts), the first ρ with R < 1, and the Simsek
 * dimension bound min(d_in, d_out)(m − r*). Compute-only: no training runs.
 */
import { countG, countT, firstRhoBelowOne, saddleToMinimumRatio, simsekDimensionBound } from '../../native-workers/engine';
import { checkKnown, intParam } from './params';
import { chartSvg, type Series } from './plot';
import type { RecipeDefinition } from './types';

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

export const figD6Recipe: RecipeDefinition = {
  name: 'figD6-counts',
  version: 1,
  summary: 'Fig. D6 left: ratio of saddle to global-minimum subspaces vs ρ = m/r (exact counts)',
  caption: 'Fig. D6 (left): ratio between the number of saddle subspaces and global-minima subspaces as a function of overparameterization ρ = m/r (Simsek et al. 2021).',
  defaults: { r1: 4, r2: 10, r3: 50, maxRho: 5 },
  resolve(given) {
    checkKnown(given, this.defaults, this.name);
    return {
      r1: intParam(given, this.defaults, 'r1', 1, 200),
      r2: intParam(given, this.defaults, 'r2', 1, 200),
      r3: intParam(given, this.defaults, 'r3', 1, 200),
      maxRho: intParam(given, this.defaults, 'maxRho', 1, 10, '--max-rho'),
    };
  },
  plan() {
    return [];
  },
  finish(params) {
    const rs = [params.r1, params.r2, params.r3] as number[];
    const maxRho = params.maxRho as number;
    const curves = rs.map((r) => {
      const points: { m: number; rho: number; log10R: number }[] = [];
      for (let m = r; m <= maxRho * r; m++) points.push({ m, rho: m / r, log10R: saddleToMinimumRatio(r, m).log10 });
      return { r, points, firstBelowOne: firstRhoBelowOne(r, maxRho) };
    });
    const examples = {
      'G(4,5)': countG(4, 5).toString(),
      'T(4,5)': countT(4, 5).toString(),
      'R(4,4)': `${saddleToMinimumRatio(4, 4).numerator}/${saddleToMinimumRatio(4, 4).denominator}`,
      simsekDimensionBound_fig3c_m7: simsekDimensionBound(2, 1, 7, 4),
    };
    const series: Series[] = curves.map((c, k) => ({ name: `r = ${c.r}`, kind: 'line', color: COLORS[k % COLORS.length], points: c.points.map((p) => ({ x: p.rho, y: p.log10R })) }));
    const all = curves.flatMap((c) => c.points.map((p) => p.log10R));
    const svg = chartSvg({
      title: 'Fig. D6: saddle / global-minimum subspaces',
      xLabel: 'ρ = m / r',
      yLabel: 'R(r, m)',
      yLog10: true,
      yMin: Math.floor(Math.max(-60, Math.min(...all))),
      yMax: Math.ceil(Math.max(...all)),
      xTicks: Array.from({ length: maxRho }, (_, k) => k + 1),
      hline: { y: 0, label: 'R = 1', color: '#999' },
      series,
    });
    const arrays = curves.flatMap((c) => [
      { name: `rho_r${c.r}`, data: Float64Array.from(c.points.map((p) => p.rho)), shape: [c.points.length] },
      { name: `log10R_r${c.r}`, data: Float64Array.from(c.points.map((p) => p.log10R)), shape: [c.points.length] },
    ]);
    const table = [
      'r    first ρ with R < 1   (m)    log10 R at ρ = 1, 2, 4',
      ...curves.map((c) => {
        const at = (rho: number) => c.points.find((p) => p.m === rho * c.r)?.log10R.toFixed(2) ?? '—';
        return `${String(c.r).padEnd(4)} ${c.firstBelowOne ? c.firstBelowOne.rho.toFixed(3).padEnd(20) : 'none'.padEnd(20)} ${String(c.firstBelowOne?.m ?? '—').padEnd(6)} ${at(1)}, ${at(2)}, ${at(4)}`;
      }),
      `G(4,5) = ${examples['G(4,5)']}, T(4,5) = ${examples['T(4,5)']}, R(4,4) = ${examples['R(4,4)']}`,
    ].join('\n');
    return { summary: { curves: curves.map((c) => ({ r: c.r, firstBelowOne: c.firstBelowOne, points: c.points })), examples }, arrays, svg, table };
  },
};

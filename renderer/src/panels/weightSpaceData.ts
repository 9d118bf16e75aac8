/**
 * Pure data for WeightSpaceView (the paper's Fig. 6 middle): every hidden neuron's incoming
 * weight vector over time. With 2 inputs the weights are drawn directly; with more, all
 * vectors (students over time and teachers) are projected on their two principal axes.
 */

export interface WeightSeries {
  /** Hidden neuron index in the student. */
  readonly neuron: number;
  /** Path over the trajectory snapshots, in the drawn 2D coordinates. */
  readonly path: [number, number][];
  /** A copy created by a split (highlighted). */
  readonly splitCopy: boolean;
}

export interface WeightSpace {
  readonly series: WeightSeries[];
  readonly teachers: [number, number][];
  /** What the two drawn axes are: 'w1', 'w2' or 'PC1', 'PC2'. */
  readonly axisLabels: [string, string];
  readonly bounds: { x: [number, number]; y: [number, number] };
}

/**
 * Incoming weights of hidden neuron j in θ (layout: first layer weight row-major m × d, then
 * bias): θ[j·d … (j+1)·d).
 */
export function incomingWeights(theta: readonly number[], inputDim: number, neuron: number): number[] {
  return theta.slice(neuron * inputDim, (neuron + 1) * inputDim);
}

export function weightSpace(
  snapshots: readonly (readonly number[])[],
  inputDim: number,
  width: number,
  teacherWeights: readonly (readonly number[])[],
  splitCopies: readonly number[] = [],
): WeightSpace {
  const vectors: number[][] = [];
  const perNeuron: number[][][] = Array.from({ length: width }, () => []);
  for (const theta of snapshots)
    for (let j = 0; j < width; j++) {
      const w = incomingWeights(theta, inputDim, j);
      perNeuron[j].push(w);
      vectors.push(w);
    }
  vectors.push(...teacherWeights.map((w) => [...w]));
  const project = inputDim === 2 ? (w: readonly number[]): [number, number] => [w[0], w[1]] : principalPlane(vectors, inputDim);
  const series = perNeuron.map((ws, neuron) => ({ neuron, path: ws.map(project), splitCopy: splitCopies.includes(neuron) }));
  const teachers = teacherWeights.map(project);
  const all = [...series.flatMap((s) => s.path), ...teachers];
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const pad = (lo: number, hi: number): [number, number] => {
    const span = hi - lo || 1;
    return [lo - 0.08 * span, hi + 0.08 * span];
  };
  return {
    series,
    teachers,
    axisLabels: inputDim === 2 ? ['w1', 'w2'] : ['PC1', 'PC2'],
    bounds: { x: pad(Math.min(...xs, 0), Math.max(...xs, 0)), y: pad(Math.min(...ys, 0), Math.max(...ys, 0)) },
  };
}

/**
 * Projection on the two leading principal axes of the (mean-centred) vectors, by power
 * iteration with deflation on the d × d covariance (d = input dimension, small). Sign fixed so
 * that each axis's largest component is positive.
 */
export function principalPlane(vectors: readonly (readonly number[])[], d: number): (w: readonly number[]) => [number, number] {
  const mean = new Array<number>(d).fill(0);
  for (const w of vectors) for (let i = 0; i < d; i++) mean[i] += w[i] / vectors.length;
  const C = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const w of vectors)
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) C[i][j] += (w[i] - mean[i]) * (w[j] - mean[j]);
  const axes: number[][] = [];
  for (let a = 0; a < 2; a++) {
    let v = Array.from({ length: d }, (_, i) => 1 / Math.sqrt(d) + 0.01 * i);
    for (let it = 0; it < 300; it++) {
      let next = C.map((row) => row.reduce((s, c, j) => s + c * v[j], 0));
      for (const prev of axes) {
        const dp = next.reduce((s, x, i) => s + x * prev[i], 0);
        next = next.map((x, i) => x - dp * prev[i]);
      }
      const n = Math.hypot(...next);
      if (!(n > 0)) break;
      v = next.map((x) => x / n);
    }
    let big = 0;
    v.forEach((x, i) => (Math.abs(x) > Math.abs(v[big]) ? (big = i) : 0));
    if (v[big] < 0) v = v.map((x) => -x);
    axes.push(v);
  }
  return (w) => [axes[0].reduce((s, x, i) => s + x * (w[i] - mean[i]), 0), axes[1].reduce((s, x, i) => s + x * (w[i] - mean[i]), 0)];
}

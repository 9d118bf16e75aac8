/**
 * Rows of the tridiagonal eigenvector matrix by support, for the back-transform (applyQ's
 * `supportEnd`): divide and conquer leaves eigenvectors that deflated in a merge supported on the
 * indices of their half, so their trailing entries are exact zeros.
 */

export interface RowOrder {
  /** order[f] = the row of X that goes f-th (support ends non-increasing; stable). */
  readonly order: Int32Array;
  /** supportEnd[f] = 1 + the last nonzero column of row order[f] (0 for a zero row). */
  readonly supportEnd: Int32Array;
}

/**
 * The rows of X (rows × n, row-major) sorted by where their support ends, latest first; null when
 * that saves less than 16/n of the back-transform's work (≈ Σ_r (n − end_r)² out of rows·n²):
 * below that the two row copies (≈ n² moves against its 2n³ flops) cost about as much.
 */
export function rowsBySupport(X: Float64Array, rows: number, n: number): RowOrder | null {
  const order = supportOrder(X, rows, n);
  let saved = 0;
  for (const b of order.supportEnd) saved += (n - b) * (n - b);
  return saved * n < 16 * rows * n * n ? null : order;
}

/** The sort of {@link rowsBySupport} without the cut-off. */
export function supportOrder(X: Float64Array, rows: number, n: number): RowOrder {
  const end = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = r * n;
    let b = n;
    while (b > 0 && X[row + b - 1] === 0) b--;
    end[r] = b;
  }
  // Counting sort by support end, descending, stable.
  const count = new Int32Array(n + 2);
  for (let r = 0; r < rows; r++) count[n - end[r] + 1]++;
  for (let k = 1; k <= n + 1; k++) count[k] += count[k - 1];
  const order = new Int32Array(rows);
  const supportEnd = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const f = count[n - end[r]]++;
    order[f] = r;
    supportEnd[f] = end[r];
  }
  return { order, supportEnd };
}

/** dst row f ← src row order[f] (gather), rows of length n. */
export function gatherRows(src: Float64Array, dst: Float64Array, order: Int32Array, n: number): void {
  for (let f = 0; f < order.length; f++) dst.set(src.subarray(order[f] * n, order[f] * n + n), f * n);
}

/** dst row order[f] ← src row f (scatter), rows of length n. */
export function scatterRows(src: Float64Array, dst: Float64Array, order: Int32Array, n: number): void {
  for (let f = 0; f < order.length; f++) dst.set(src.subarray(f * n, f * n + n), order[f] * n);
}

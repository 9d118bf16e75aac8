/**
 * Exact deflation of zero rows for eigh: when row i (and so, by symmetry, column i) of the matrix
 * is exactly zero, eᵢ is an eigenvector with eigenvalue 0 and the other eigenpairs are those of
 * the matrix with row and column i deleted. Hessians of ReLU nets have such rows for every unit
 * that is dead on all samples (its incoming weights, bias and outgoing weight have zero first and
 * second derivatives), e.g. 8 of 81, 4 of 201 and 20 of 1,001 parameters in bench/cases/eigh.ts;
 * every dense stage costs ∝ n³, so removing them saves 3·(zero rows)/n of the work.
 */

/** Indices of the rows that are not exactly zero, from the per-row nonzero flags. */
export function keptRows(nonzero: Uint8Array, n: number): Int32Array {
  let m = 0;
  for (let i = 0; i < n; i++) m += nonzero[i];
  const kept = new Int32Array(m);
  for (let i = 0, q = 0; i < n; i++) if (nonzero[i]) kept[q++] = i;
  return kept;
}

/**
 * Moves the upper triangle of the kept rows/columns of W (n×n, row-major) into the leading m×m
 * block (row stride m), in place: the destination p·m + q never exceeds the source
 * kept[p]·n + kept[q], and both grow with (p, q), so no source is overwritten before it is read.
 */
export function compactUpper(W: Float64Array, n: number, kept: Int32Array): void {
  const m = kept.length;
  for (let p = 0; p < m; p++) {
    const src = kept[p] * n;
    const dst = p * m;
    for (let q = p; q < m; q++) W[dst + q] = W[src + kept[q]];
  }
}

/**
 * The full decomposition from the reduced one: the m eigenvalues `d` (ascending) merged with n − m
 * zeros (placed before the first non-negative value), and, with X (m×m, eigenvector k in row k),
 * the n×n eigenvectors: reduced vectors scattered to the kept indices, eᵢ for each zero row i.
 */
export function expandZeroRows(
  d: Float64Array,
  X: Float64Array | null,
  n: number,
  kept: Int32Array,
): { values: Float64Array; vectors?: Float64Array } {
  const m = kept.length;
  const zeros = new Int32Array(n - m);
  for (let i = 0, q = 0, z = 0; i < n; i++) {
    if (q < m && kept[q] === i) q++;
    else zeros[z++] = i;
  }
  const values = new Float64Array(n); // the zero eigenvalues are the zeros it starts with
  const vectors = X ? new Float64Array(n * n) : undefined;
  for (let f = 0, a = 0, b = 0; f < n; f++) {
    if (b >= zeros.length || (a < m && d[a] < 0)) {
      values[f] = d[a];
      if (vectors && X) {
        const src = a * m;
        const dst = f * n;
        for (let q = 0; q < m; q++) vectors[dst + kept[q]] = X[src + q];
      }
      a++;
    } else {
      if (vectors) vectors[f * n + zeros[b]] = 1;
      b++;
    }
  }
  return vectors ? { values, vectors } : { values };
}

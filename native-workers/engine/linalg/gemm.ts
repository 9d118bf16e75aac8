/**
 * Dense kernel C ← β·C + α·A·Bᵀ in "dot product" form: both A and B are read along contiguous
 * rows, so every inner loop is a reduction with no stores. A 4×2 register block of C is kept in
 * locals; in V8 this runs at roughly 4× the speed of the naive axpy-ordered triple loop.
 *
 *   C[cOff + i·ldc + j] = β·C[…] + α·Σ_{k<p} A[aOff + i·lda + k] · B[bOff + j·ldb + k]
 *   for 0 ≤ i < m, 0 ≤ j < n.   β must be 0 or 1 (β = 0 ignores C's old contents, NaN included).
 */
const KC = 256;
const NC = 96;

export function gemmNT(
  m: number,
  n: number,
  p: number,
  alpha: number,
  A: Float64Array,
  aOff: number,
  lda: number,
  B: Float64Array,
  bOff: number,
  ldb: number,
  beta: 0 | 1,
  C: Float64Array,
  cOff: number,
  ldc: number,
): void {
  if (p <= KC && n <= NC) {
    kernel(m, n, p, alpha, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc);
    return;
  }
  // Cache blocking: a KC-wide slab of NC rows of B (≤ 192 KiB) stays in L2 while all rows of A pass.
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nb = Math.min(NC, n - j0);
    const slabs = Math.max(1, Math.ceil(p / KC));
    for (let t = 0; t < slabs; t++) {
      const k0 = t * KC;
      const kb = Math.min(KC, p - k0);
      kernel(m, nb, kb, alpha, A, aOff + k0, lda, B, bOff + j0 * ldb + k0, ldb, t === 0 ? beta : 1, C, cOff + j0, ldc);
    }
  }
}

function kernel(
  m: number,
  n: number,
  p: number,
  alpha: number,
  A: Float64Array,
  aOff: number,
  lda: number,
  B: Float64Array,
  bOff: number,
  ldb: number,
  beta: 0 | 1,
  C: Float64Array,
  cOff: number,
  ldc: number,
): void {
  const m4 = m - (m % 4);
  const n2 = n - (n % 2);
  for (let i = 0; i < m4; i += 4) {
    const a0 = aOff + i * lda;
    const a1 = a0 + lda;
    const a2 = a1 + lda;
    const a3 = a2 + lda;
    const c0 = cOff + i * ldc;
    for (let j = 0; j < n2; j += 2) {
      const b0 = bOff + j * ldb;
      const b1 = b0 + ldb;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let k = 0; k < p; k++) {
        const y0 = B[b0 + k];
        const y1 = B[b1 + k];
        let x = A[a0 + k];
        s00 += x * y0;
        s01 += x * y1;
        x = A[a1 + k];
        s10 += x * y0;
        s11 += x * y1;
        x = A[a2 + k];
        s20 += x * y0;
        s21 += x * y1;
        x = A[a3 + k];
        s30 += x * y0;
        s31 += x * y1;
      }
      const r0 = c0 + j;
      const r1 = r0 + ldc;
      const r2 = r1 + ldc;
      const r3 = r2 + ldc;
      if (beta === 0) {
        C[r0] = alpha * s00;
        C[r0 + 1] = alpha * s01;
        C[r1] = alpha * s10;
        C[r1 + 1] = alpha * s11;
        C[r2] = alpha * s20;
        C[r2 + 1] = alpha * s21;
        C[r3] = alpha * s30;
        C[r3 + 1] = alpha * s31;
      } else {
        C[r0] += alpha * s00;
        C[r0 + 1] += alpha * s01;
        C[r1] += alpha * s10;
        C[r1 + 1] += alpha * s11;
        C[r2] += alpha * s20;
        C[r2 + 1] += alpha * s21;
        C[r3] += alpha * s30;
        C[r3 + 1] += alpha * s31;
      }
    }
    for (let j = n2; j < n; j++) {
      const b0 = bOff + j * ldb;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < p; k++) {
        const y = B[b0 + k];
        s0 += A[a0 + k] * y;
        s1 += A[a1 + k] * y;
        s2 += A[a2 + k] * y;
        s3 += A[a3 + k] * y;
      }
      const r0 = c0 + j;
      if (beta === 0) {
        C[r0] = alpha * s0;
        C[r0 + ldc] = alpha * s1;
        C[r0 + 2 * ldc] = alpha * s2;
        C[r0 + 3 * ldc] = alpha * s3;
      } else {
        C[r0] += alpha * s0;
        C[r0 + ldc] += alpha * s1;
        C[r0 + 2 * ldc] += alpha * s2;
        C[r0 + 3 * ldc] += alpha * s3;
      }
    }
  }
  for (let i = m4; i < m; i++) {
    const a0 = aOff + i * lda;
    const c0 = cOff + i * ldc;
    for (let j = 0; j < n2; j += 2) {
      const b0 = bOff + j * ldb;
      const b1 = b0 + ldb;
      let s0 = 0, s1 = 0;
      for (let k = 0; k < p; k++) {
        const x = A[a0 + k];
        s0 += x * B[b0 + k];
        s1 += x * B[b1 + k];
      }
      if (beta === 0) {
        C[c0 + j] = alpha * s0;
        C[c0 + j + 1] = alpha * s1;
      } else {
        C[c0 + j] += alpha * s0;
        C[c0 + j + 1] += alpha * s1;
      }
    }
    for (let j = n2; j < n; j++) {
      const b0 = bOff + j * ldb;
      let s = 0;
      for (let k = 0; k < p; k++) s += A[a0 + k] * B[b0 + k];
      if (beta === 0) C[c0 + j] = alpha * s;
      else C[c0 + j] += alpha * s;
    }
  }
}

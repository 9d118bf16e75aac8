/**
 * C += (G ∘ w)·Gᵀ on and above the diagonal (blocks straddling it also write a few entries just
 * below it, which callers overwrite when mirroring), for G with `rows` rows of length `cols`
 * (row-major) and per-column weights w. rows must be a multiple of 4 (pad with zero rows); C is
 * rows × rows. 2×4 register blocks: 6 loads per 8 multiply-adds.
 */
export function addWeightedGramUpper(C: Float64Array, G: Float64Array, Gw: Float64Array, rows: number, cols: number): void {
  for (let p = 0; p < rows; p += 2) {
    const a0 = p * cols;
    const a1 = a0 + cols;
    for (let q = p - (p & 3); q < rows; q += 4) {
      const b0 = q * cols;
      const b1 = b0 + cols;
      const b2 = b1 + cols;
      const b3 = b2 + cols;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let c = 0; c < cols; c++) {
        const u = Gw[a0 + c];
        const v = Gw[a1 + c];
        const x0 = G[b0 + c];
        const x1 = G[b1 + c];
        const x2 = G[b2 + c];
        const x3 = G[b3 + c];
        s00 += u * x0; s01 += u * x1; s02 += u * x2; s03 += u * x3;
        s10 += v * x0; s11 += v * x1; s12 += v * x2; s13 += v * x3;
      }
      const r0 = p * rows + q;
      const r1 = r0 + rows;
      C[r0] += s00; C[r0 + 1] += s01; C[r0 + 2] += s02; C[r0 + 3] += s03;
      C[r1] += s10; C[r1 + 1] += s11; C[r1 + 2] += s12; C[r1 + 3] += s13;
    }
  }
}

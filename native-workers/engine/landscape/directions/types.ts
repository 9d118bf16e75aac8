/** What a plane axis is, for labels ("escape, λ = −3.1e−5, |u| = 1"). */
export type DirectionInfo =
  | { readonly kind: 'eigenvector'; readonly index: number; readonly eigenvalue: number; readonly norm: number }
  | { readonly kind: 'random-filter-normalized'; readonly seed: number; readonly stream: number; readonly norm: number }
  | { readonly kind: 'pca'; readonly component: number; readonly explainedVariance: number; readonly norm: number }
  | { readonly kind: 'three-point'; readonly axis: 0 | 1; readonly norm: number };

/** The plane θ₀ + α·u + β·v, with what u and v are. */
export interface PlaneDirections {
  readonly origin: Float64Array;
  readonly u: Float64Array;
  readonly v: Float64Array;
  readonly uInfo: DirectionInfo;
  readonly vInfo: DirectionInfo;
}

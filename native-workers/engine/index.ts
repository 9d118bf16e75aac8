/**
 * The engine's public face: pure float64 math for MLP loss landscapes (no Node, Electron, React
 * or DOM imports — lint-enforced). Everything outside `native-workers/engine/` imports from here,
 * never from a deep path (lint-enforced; tests and benchmarks may reach inside).
 *
 * Rooms (see docs/ARCHITECTURE.md):
 *   core/         architecture/network/dataset types, parameter layout, activations, special
 *                 functions, seeded random numbers, initializers, input distributions
 *   derivatives/  forward pass, loss + gradient, exact HVP and dense Hessian; twoLayer/ holds the
 *                 specialised one-hidden-layer kernels (scalar, WASM SIMD) and their sample layout
 *   wasm/         the run-time WebAssembly encoder and vector-math emitters (no build step)
 *   linalg/       eigh, Lanczos, dense solvers, GEMM
 *   teachers/     the paper's teacher networks and their datasets
 *   train/        trainers (GD, Adam, gradient flow, L-BFGS, trust region, polish) + certify
 *   neurons/      split, grow, remove, time-scale compensation, teacher alignment, split check
 *   analysis/     critical-point classification and certificates
 *   landscape/    loss on planes: directions, grids, progressive refinement
 *   hierarchy/    the critical-point hierarchy explorer
 *   formats/      checkpoint and dataset files (read and write)
 *   recipes/      the paper's experiments: run lists, result tables, Wilson intervals, App. C/D counts
 *
 * Loss convention everywhere: L(θ) = (1/N) Σₙ ‖f(xₙ) − yₙ‖² (plain MSE, no ½).
 */
export * from './core/types';
export * from './core/errors';
export * from './core/layout';
export * from './analysis';
export * from './landscape';
export * from './neurons';
export * from './core/special';
export * from './core/activations';
export * from './derivatives/forward';
export * from './derivatives/loss';
export * from './derivatives/hvp';
export * from './derivatives/hessian';
export * from './linalg/eigh';
export * from './linalg/lanczos';
export * from './core/random';
export * from './core/success';
export * from './core/init';
export * from './core/distributions';
export * from './teachers/teachers';
export * from './formats';
export * from './train';
export * from './linalg/solve';
export * from './hierarchy';
export * from './recipes';

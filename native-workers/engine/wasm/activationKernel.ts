/**
 * Element-wise smooth activations (softplus, sigmoid, tanh) over arrays in f64x2, for the
 * general-depth network on the GEMM arena (its buffers live in one WebAssembly memory). Formulas
 * and accuracy are smoothActivation.ts' (a few ulps; tested against activationArrays.ts).
 * Per activation three functions, by what they write: `f` σ(z); `fd` σ(z), σ'(z); `dd` σ'(z), σ''(z).
 * Each takes (z, out1, out2, pairs) byte addresses and a count of value pairs.
 */
import { encodeModule, ValType } from './encoder';
import { FnBuilder } from './vectorMath';
import { emitSmoothActivation } from './smoothActivation';
import type { SmoothActivation } from '../derivatives/twoLayer/twoLayerSmooth';

const { I32 } = ValType;

export const KERNEL_ACTIVATIONS: readonly SmoothActivation[] = ['softplus', 'sigmoid', 'tanh'];
export type ActivationOutputs = 'f' | 'fd' | 'dd';

function activationFn(act: SmoothActivation, outputs: ActivationOutputs): FnBuilder {
  const fb = new FnBuilder(`${act}_${outputs}`, [I32, I32, I32, I32], []);
  const [zp, p1, p2, pairs] = [0, 1, 2, 3];
  const end = fb.i32();
  const [z, h, s1, s2] = [fb.v(), fb.v(), fb.v(), fb.v()];
  const c = fb.c;
  c.get(zp).get(pairs).i32(16).i32Mul().i32Add().set(end);
  c.block().get(pairs).i32Eqz().brIf(0);
  c.loop();
  c.get(zp).v128Load(0).set(z);
  emitSmoothActivation(fb, act, z, h, outputs === 'f' ? null : s1, outputs === 'dd' ? s2 : null);
  const [first, second] = outputs === 'f' ? [h, null] : outputs === 'fd' ? [h, s1] : [s1, s2];
  c.get(p1).get(first).v128Store(0);
  c.get(p1).i32(16).i32Add().set(p1);
  if (second !== null) {
    c.get(p2).get(second).v128Store(0);
    c.get(p2).i32(16).i32Add().set(p2);
  }
  c.get(zp).i32(16).i32Add().tee(zp).get(end).i32LtU().brIf(0);
  c.end();
  c.end();
  return fb;
}

let compiled: WebAssembly.Module | null | undefined;

/** The module with all nine functions, or null where WebAssembly SIMD is unavailable. */
export function activationModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const fns = [];
    for (const act of KERNEL_ACTIVATIONS) for (const o of ['f', 'fd', 'dd'] as const) fns.push(activationFn(act, o).build());
    const bytes = encodeModule(fns);
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

export type ActivationExports = Record<string, (z: number, out1: number, out2: number, pairs: number) => void>;

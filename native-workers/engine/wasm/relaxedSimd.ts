/**
 * Whether this WebAssembly engine accepts relaxed SIMD's f64x2.relaxed_madd (the fused
 * multiply-add of the GEMM's FMA kernel, gemmDot.ts). Chromium (≥ 114) and Node ≥ 22 ship relaxed
 * SIMD; Node 20 (V8 11.3) has it only behind `--experimental-wasm-relaxed-simd`, which the hosts set
 * before any module compiles (native-workers/relaxedSimdFlag.ts). The engine only detects.
 *
 * Not cached: a V8 flag set after a first `false` answer is seen by the next call (validating
 * these 37 bytes costs microseconds; callers ask once per module they compile).
 */

/** (module (func (param v128 v128 v128) (result v128) local.get 0 local.get 1 local.get 2 f64x2.relaxed_madd)) */
const PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, // type: (v128 v128 v128) → v128
  0x03, 0x02, 0x01, 0x00, // function 0 has type 0
  0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x87, 0x02, 0x0b, // body
]);

export function relaxedSimdAvailable(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(PROBE);
  } catch {
    return false;
  }
}

/**
 * vitest setupFiles: every test process turns relaxed SIMD on as the hosts do
 * (native-workers/relaxedSimdFlag.ts, whose own test is tests/unit/pool/relaxedSimdFlag.test.ts),
 * so the FMA GEMM kernel is what the tests see. Node 20 needs a V8 flag, which NODE_OPTIONS refuses.
 * The same two lines as that module rather than an import of it: it loads the engine's index, which
 * would cost every test file seconds of setup. tests/unit/engine/wasm/gemmFused.test.ts fails,
 * rather than skips, when relaxed SIMD is not on.
 */
import { setFlagsFromString } from 'node:v8';
import { relaxedSimdAvailable } from '../../../native-workers/engine/wasm/relaxedSimd';

if (process.env.ESCAPE_STUDIO_RELAXED_SIMD !== '0' && !relaxedSimdAvailable()) setFlagsFromString('--experimental-wasm-relaxed-simd');

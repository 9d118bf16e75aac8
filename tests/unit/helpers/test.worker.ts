/** A worker with tiny tasks that exercise the pool: echo, spin (cooperative), hang, crash, fail. */
import { serveTasks, TaskCancelledError } from '../../../native-workers/pool/runtime';

interface SpinPayload {
  /** Stop on its own after this many ms. */
  readonly ms: number;
  /** Ignore the stop flag (a task that never polls). */
  readonly deaf?: boolean;
}

serveTasks({
  echo(payload) {
    const { values } = payload as { values: Float64Array };
    const doubled = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) doubled[i] = 2 * values[i];
    return { doubled, receivedLength: values.length };
  },
  spin(payload, ctx) {
    const { ms, deaf } = payload as SpinPayload;
    const t0 = performance.now();
    let step = 0;
    for (;;) {
      const elapsed = performance.now() - t0;
      if (elapsed >= ms) return { steps: step };
      if (!deaf && ctx.shouldStop()) throw new TaskCancelledError('stopped');
      step++;
      ctx.progress({ progress: Math.min(1, elapsed / ms), step, loss: null });
    }
  },
  crash() {
    setImmediate(() => {
      throw new Error('deliberate crash in the test worker');
    });
    return new Promise(() => undefined);
  },
  exit() {
    process.exit(7);
  },
  hang() {
    // Busy forever without a message: only the pool's hang timeout can end it.
    let x = 0;
    for (;;) x = (x + 1) % 1_000_003;
  },
  fail() {
    throw new RangeError('bad input for the task');
  },
});

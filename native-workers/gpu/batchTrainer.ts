/// <reference types="@webgpu/types" />
/**
 * GPU batch trainer: B students of one two-layer architecture on one dataset, advanced together
 * in f32 by the WGSL kernel of shader.ts, each with its own step size and stop state. The host
 * loop dispatches `stepsPerDispatch` steps at a time and reads back the 12-word student records
 * every few dispatches until every student stopped. The results are f32 end points: hand them to
 * a float64 CPU finish (engine polish + analyzePoint) before reporting anything.
 *
 * The intermittent Node crashes once seen here (pthread mutex asserts, SIGSEGV, "futex facility
 * returned an unexpected error code") were the `create()` instance being garbage-collected while
 * the device ran; device.ts now pins it (see `pinned` there). Not yet tried on a real GPU. Called
 * through gpuBatch.ts (studio batches, recipes, scripts/gpuAgreement.ts, bench gpu.*).
 */
import type { Architecture, Dataset } from '../engine';
import { gpuDevice, type GpuAdapterSummary } from './device';
import { batchShader, GPU_ACTIVATIONS, GPU_METHODS, gpuParameterCount, STATE_WORDS, STOP_CODES, WORK_SLOTS, type GpuActivation, type GpuMethod, type GpuStop, type ShaderConfig } from './shader';

export class GpuTrainError extends Error {
  override name = 'GpuTrainError';
}

export interface GpuTrainOptions {
  /** Default 'flow'; 'gd' and 'adam' are full-batch (shader.ts). */
  readonly method?: GpuMethod;
  /** Adam only (defaults 0.9, 0.999, 1e-8: the engine's). */
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  /** Accepted steps per student (default 20,000). */
  readonly maxSteps?: number; // 0: evaluate only
  /** Flow end time (default 1e9, the CPU flow's). */
  readonly maxTime?: number;
  /** Flow tolerances in f32 (defaults 1e-5 relative, 1e-6 absolute: the CPU's 1e-6 sits too near f32 ε = 1.2e-7). */
  readonly relTol?: number;
  readonly absTol?: number;
  /** Initial step: ODE step (flow) or learning rate (gd, adam). Default 1e-2 (flow), 0.1 (gd), 1e-3 (adam). */
  readonly initialStep?: number;
  readonly maxStep?: number;
  /** Stop below lossFloorRel × mean(y²) (default 1e-12: the f32 floor of the residuals). */
  readonly lossFloorRel?: number;
  /** Also stop ('loss-floor') below this absolute loss: a gd / adam run's own target. */
  readonly lossTarget?: number;
  /** Stall: best loss fell by less than this fraction between checkpoints (default 1e-3). */
  readonly stallRel?: number;
  readonly stallSteps?: number;
  readonly stepsPerDispatch?: number;
  /** Read the stop states back after this many dispatches (default 4). */
  readonly dispatchesPerCheck?: number;
  /** Polled after every read-back: true ends the batch with GpuCancelledError. */
  readonly shouldStop?: () => boolean;
  /** Called after every read-back with the students still running. */
  readonly onProgress?: (running: number, total: number) => void;
}

export class GpuCancelledError extends Error {
  override name = 'GpuCancelledError';
}

export interface GpuStudentResult {
  /** The f32 end point, widened to float64. */
  readonly theta: Float64Array;
  /** f32 loss and gradient at theta, as the kernel computed them. */
  readonly loss: number;
  readonly gradient: Float64Array;
  readonly steps: number;
  readonly rejected: number;
  readonly time: number;
  readonly stoppedBy: GpuStop;
}

export interface GpuBatchResult {
  readonly students: GpuStudentResult[];
  readonly adapter: GpuAdapterSummary;
  /** Wall seconds on the device (upload, dispatches, read-back). */
  readonly seconds: number;
  readonly dispatches: number;
}

/** The kernel's architecture: d → m → 1, hidden activation from GPU_ACTIVATIONS, identity output. */
export function gpuShape(architecture: Architecture): Pick<ShaderConfig, 'inputDim' | 'width' | 'hiddenBias' | 'outputBias' | 'activation'> {
  const [hidden, output] = architecture.layers;
  if (architecture.layers.length !== 2 || !hidden || !output)
    throw new GpuTrainError(`the GPU trainer handles two-layer networks (d → m → 1); this one has ${architecture.layers.length} layers`);
  if (output.outputs !== 1 || output.activation !== 'identity')
    throw new GpuTrainError(`the GPU trainer needs one identity output; this network has ${output.outputs} output(s) with '${output.activation}'`);
  if (!(GPU_ACTIVATIONS as readonly string[]).includes(hidden.activation))
    throw new GpuTrainError(`the GPU trainer has no '${hidden.activation}' activation; it has ${GPU_ACTIVATIONS.join(', ')}`);
  return { inputDim: hidden.inputs, width: hidden.outputs, hiddenBias: hidden.bias, outputBias: output.bias, activation: hidden.activation as GpuActivation };
}

function positive(name: string, v: number | undefined, fallback: number): number {
  const x = v ?? fallback;
  if (!(Number.isFinite(x) && x > 0)) throw new GpuTrainError(`${name} must be a positive number, got ${String(v)}`);
  return x;
}

/** Trains the students `starts` (each a θ of the architecture) together on the GPU. */
export async function trainBatchGpu(architecture: Architecture, data: Dataset, starts: readonly Float64Array[], options: GpuTrainOptions = {}): Promise<GpuBatchResult> {
  const shape = gpuShape(architecture);
  if (data.outputDim !== 1 || data.inputDim !== shape.inputDim)
    throw new GpuTrainError(`the data has ${data.inputDim} → ${data.outputDim} dimensions, the network ${shape.inputDim} → 1`);
  const P = gpuParameterCount(shape);
  const Bn = starts.length;
  if (Bn < 1) throw new GpuTrainError('no students to train');
  starts.forEach((t, i) => {
    if (t.length !== P) throw new GpuTrainError(`student ${i}: θ has ${t.length} entries, the network has ${P}`);
  });
  const { device, summary } = await gpuDevice();
  const maxGroups = summary.limits.maxComputeWorkgroupsPerDimension;
  if (Math.ceil(Bn / 64) > maxGroups) throw new GpuTrainError(`${Bn} students exceed this adapter's ${maxGroups * 64} per batch`);
  const bytes = WORK_SLOTS * Bn * P * 4;
  if (bytes > summary.limits.maxStorageBufferBindingSize)
    throw new GpuTrainError(`${Bn} students × ${P} parameters need ${bytes} bytes, over this adapter's storage limit ${summary.limits.maxStorageBufferBindingSize}`);

  const method = options.method ?? 'flow';
  if (!(GPU_METHODS as readonly string[]).includes(method)) throw new GpuTrainError(`the GPU trainer has no method '${String(method)}'; it has ${GPU_METHODS.join(', ')}`);
  let meanY2 = 0;
  for (let n = 0; n < data.count; n++) meanY2 += data.Y[n]! * data.Y[n]!;
  meanY2 /= data.count;
  // maxSteps 0 evaluates L and ∇L at the starts only (the kernel tests use it).
  const maxSteps = options.maxSteps === 0 ? 0 : Math.floor(positive('maxSteps', options.maxSteps, 20_000));
  const config: ShaderConfig = {
    ...shape,
    samples: data.count,
    students: Bn,
    method,
    stepsPerDispatch: Math.floor(positive('stepsPerDispatch', options.stepsPerDispatch, 16)),
    maxSteps,
    maxTime: positive('maxTime', options.maxTime, 1e9),
    rtol: positive('relTol', options.relTol, 1e-5),
    atol: positive('absTol', options.absTol, 1e-6),
    maxStep: positive('maxStep', options.maxStep, 1e4),
    lossFloor: Math.max(positive('lossFloorRel', options.lossFloorRel, 1e-12) * meanY2, options.lossTarget === undefined ? 0 : positive('lossTarget', options.lossTarget, 1), 1e-37),
    stallRel: positive('stallRel', options.stallRel, 1e-3),
    stallSteps: Math.floor(positive('stallSteps', options.stallSteps, 1000)),
    ...(options.beta1 !== undefined ? { beta1: options.beta1 } : {}),
    ...(options.beta2 !== undefined ? { beta2: options.beta2 } : {}),
    ...(options.epsilon !== undefined ? { epsilon: positive('epsilon', options.epsilon, 1e-8) } : {}),
  };
  const h0 = positive('initialStep', options.initialStep, method === 'flow' ? 1e-2 : method === 'gd' ? 0.1 : 1e-3);

  const t0 = performance.now();
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code: batchShader(config) });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const compileError = await device.popErrorScope();
  if (compileError) throw new GpuTrainError(`the GPU kernel did not compile: ${compileError.message}`);

  const storage = (size: number, extra = 0): GPUBuffer => device.createBuffer({ size: Math.max(size, 16), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC | extra });
  const dataArr = new Float32Array(data.count * (shape.inputDim + 1));
  for (let n = 0; n < data.count; n++) {
    for (let k = 0; k < shape.inputDim; k++) dataArr[n * (shape.inputDim + 1) + k] = data.X[n * shape.inputDim + k]!;
    dataArr[n * (shape.inputDim + 1) + shape.inputDim] = data.Y[n]!;
  }
  // Work buffer: slot-major, then parameter, then student (shader.ts at()); θ₀ goes in slot 0.
  const work = new Float32Array(WORK_SLOTS * P * Bn);
  starts.forEach((t, s) => t.forEach((v, i) => (work[i * Bn + s] = v)));
  const stateBytes = new ArrayBuffer(Bn * STATE_WORDS * 4);
  const stateF = new Float32Array(stateBytes);
  for (let i = 0; i < Bn; i++) {
    stateF[i * STATE_WORDS] = h0;
    stateF[i * STATE_WORDS + 5] = 1; // checkTime
  }
  const dataBuf = storage(dataArr.byteLength);
  const workBuf = storage(work.byteLength);
  const stateBuf = storage(stateBytes.byteLength);
  const buffers = [dataBuf, workBuf, stateBuf];
  try {
    device.queue.writeBuffer(dataBuf, 0, dataArr);
    device.queue.writeBuffer(workBuf, 0, work);
    device.queue.writeBuffer(stateBuf, 0, stateBytes);
    const bind = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [dataBuf, workBuf, stateBuf].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const groups = Math.ceil(Bn / 64);
    const perCheck = Math.floor(positive('dispatchesPerCheck', options.dispatchesPerCheck, 4));
    // Every running student advances ≥ 1 step (accepted or rejected) per dispatch and stops by
    // 2·maxSteps attempts, so this bound is never the reason a loop ends; it guards against a bug.
    const maxDispatches = Math.ceil((2 * maxSteps + 2) / config.stepsPerDispatch) + perCheck + 1;
    let dispatches = 0;
    let state: Uint32Array = new Uint32Array(0);
    for (;;) {
      const encoder = device.createCommandEncoder();
      for (let k = 0; k < perCheck; k++) {
        const pass = encoder.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bind);
        pass.dispatchWorkgroups(groups);
        pass.end();
      }
      device.queue.submit([encoder.finish()]);
      dispatches += perCheck;
      // Mapping while the dispatch still runs is safe (the old crashes were instance GC, see
      // device.ts). A sleep here sized by the last round once grew ×1.25 per round: it timed itself.
      state = new Uint32Array((await readBack(device, stateBuf, stateBytes.byteLength)).buffer);
      let running = 0;
      for (let i = 0; i < Bn; i++) if (state[i * STATE_WORDS + 8] === 0) running++;
      options.onProgress?.(running, Bn);
      if (running === 0) break;
      if (options.shouldStop?.()) throw new GpuCancelledError('GPU batch cancelled');
      if (dispatches > maxDispatches) throw new GpuTrainError(`the GPU kernel did not stop its students after ${dispatches} dispatches`);
    }
    // Slots 0 (θ) and 1 are contiguous at the start; slot 2 (∇L at θ) follows.
    const out = await readBack(device, workBuf, 3 * P * Bn * 4);
    const column = (slot: number, s: number): Float64Array => Float64Array.from({ length: P }, (_, i) => out[(slot * P + i) * Bn + s]!);
    const sf = new Float32Array(state.buffer);
    const students: GpuStudentResult[] = [];
    for (let i = 0; i < Bn; i++) {
      const w = i * STATE_WORDS;
      students.push({
        theta: column(0, i),
        gradient: column(2, i),
        loss: sf[w + 2]!,
        time: sf[w + 1]!,
        steps: state[w + 6]!,
        rejected: state[w + 7]!,
        stoppedBy: STOP_CODES[state[w + 8]!] ?? 'non-finite',
      });
    }
    return { students, adapter: summary, seconds: (performance.now() - t0) / 1000, dispatches };
  } finally {
    for (const b of buffers) b.destroy();
  }
}

async function readBack(device: GPUDevice, source: GPUBuffer, size: number): Promise<Float32Array> {
  const read = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(source, 0, read, 0, size);
    device.queue.submit([encoder.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    return new Float32Array(read.getMappedRange().slice(0));
  } finally {
    read.unmap();
    read.destroy();
  }
}

/// <reference types="@webgpu/types" />
/**
 * The WebGPU device behind the GPU batch trainer: Dawn for Node (the `webgpu` npm package).
 * Headless Linux without a GPU driver has no adapter through the system Vulkan loader; the
 * SwiftShader ICD that Debian's chromium ships (a CPU Vulkan implementation) gives one, so when
 * VK_ICD_FILENAMES is unset and that file exists it is used (set before Dawn loads: the Vulkan
 * loader reads the variable when Dawn creates its instance).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export interface GpuAdapterSummary {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** True for SwiftShader (a CPU implementation: a functional check, never a GPU timing). */
  readonly software: boolean;
  readonly limits: {
    readonly maxStorageBufferBindingSize: number;
    readonly maxBufferSize: number;
    readonly maxComputeWorkgroupsPerDimension: number;
    readonly maxComputeInvocationsPerWorkgroup: number;
  };
}

export type GpuProbe = { readonly adapter: GpuAdapterSummary; readonly reason: null } | { readonly adapter: null; readonly reason: string };

interface Opened {
  readonly device: GPUDevice;
  readonly summary: GpuAdapterSummary;
}

/**
 * Strong references to the Dawn instance (the object `create()` returns) and the adapter, held
 * for the life of the process. The device alone does not keep them alive: when V8 collects the
 * instance wrapper, dawn.node releases the native instance while the device still runs, and the
 * next `InstanceBase::ProcessEvents` (which every pending mapAsync / onSubmittedWorkDone ticks)
 * dereferences freed memory — seen as SIGSEGV in `CallbackTaskManager::Flush`, pthread mutex
 * asserts, "futex facility returned an unexpected error code", or a mapAsync that never resolves.
 * With `node --expose-gc` and a gc() before each dispatch this crashed 20/20 runs; held, 0/20.
 */
const pinned: { gpu?: GPU; adapter?: GPUAdapter } = {};

let opened: Promise<Opened | { error: string }> | null = null;

function loadDawn(): { create: (flags: string[]) => GPU; globals: Record<string, unknown> } {
  if (process.env.VK_ICD_FILENAMES === undefined && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  // Dawn's XDG_RUNTIME_DIR warnings are harmless in headless processes; nothing here sets it.
  const require = createRequire(import.meta.url);
  return require('webgpu') as { create: (flags: string[]) => GPU; globals: Record<string, unknown> };
}

async function open(): Promise<Opened | { error: string }> {
  let dawn: ReturnType<typeof loadDawn>;
  try {
    dawn = loadDawn();
  } catch (error) {
    return { error: `the WebGPU runtime (npm package 'webgpu') could not be loaded: ${(error as Error).message}` };
  }
  // Dawn's constructors (GPUBufferUsage, GPUMapMode, …) are used as globals by WebGPU code.
  for (const [name, value] of Object.entries(dawn.globals)) if (!(name in globalThis)) (globalThis as Record<string, unknown>)[name] = value;
  const gpu = dawn.create([]);
  pinned.gpu = gpu;
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter) pinned.adapter = adapter;
  if (!adapter) {
    const icd = process.env.VK_ICD_FILENAMES;
    return {
      error: `no WebGPU adapter: no Vulkan driver offered one${icd ? ` (VK_ICD_FILENAMES=${icd})` : ''}; install libvulkan1 and a Vulkan driver, or chromium's SwiftShader (${SWIFTSHADER_ICD})`,
    };
  }
  const l = adapter.limits;
  // Ask for the adapter's storage limits (the defaults cap bindings at 128 MiB).
  const device = await adapter.requestDevice({
    requiredLimits: { maxStorageBufferBindingSize: l.maxStorageBufferBindingSize, maxBufferSize: l.maxBufferSize },
  });
  const info = adapter.info;
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`;
  const summary: GpuAdapterSummary = {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    software: /swiftshader|llvmpipe|lavapipe/i.test(text) || (process.env.VK_ICD_FILENAMES ?? '').includes('swiftshader'),
    limits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
    },
  };
  return { device, summary };
}

function opening(): Promise<Opened | { error: string }> {
  opened ??= open().catch((error: unknown) => ({ error: `WebGPU failed to start: ${(error as Error).message}` }));
  return opened;
}

/** The adapter (name, limits), or null with the reason. Opens the device once per process. */
export async function probeGpu(): Promise<GpuProbe> {
  const o = await opening();
  return 'error' in o ? { adapter: null, reason: o.error } : { adapter: o.summary, reason: null };
}

export class GpuUnavailableError extends Error {
  override name = 'GpuUnavailableError';
}

/** The shared device; throws GpuUnavailableError (with the reason) when there is none. */
export async function gpuDevice(): Promise<Opened> {
  const o = await opening();
  if ('error' in o) throw new GpuUnavailableError(o.error);
  return o;
}

/**
 * Destroys the shared device and drops the pinned instance, so the process can exit on its own
 * (while the instance is held, dawn.node keeps Node's event loop alive). Call only once no GPU
 * work is pending; a later gpuDevice() opens a fresh device.
 */
export async function closeGpu(): Promise<void> {
  const o = opened ? await opened : null;
  opened = null;
  if (o && !('error' in o)) o.device.destroy();
  delete pinned.adapter;
  delete pinned.gpu;
}

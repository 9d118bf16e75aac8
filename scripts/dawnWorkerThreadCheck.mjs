// Can Dawn (the `webgpu` package) live in a Node worker thread, and does a worker thread isolate
// it? The check behind native-workers/gpu/gpu.worker.ts running in a child process instead:
//
//   node scripts/dawnWorkerThreadCheck.mjs ok      two worker threads in turn, each opens Dawn and runs a small
//                                                  compute shader; then Dawn on the main thread (all work)
//   node scripts/dawnWorkerThreadCheck.mjs kill    Worker.terminate() while a long dispatch runs: measured
//                                                  2026-12-02 on SwiftShader, 5 of 5 tries aborted the whole
//                                                  process (FATAL ERROR: Error::ThrowAsJavaScriptException
//                                                  napi_throw, SIGABRT, exit status 134)
//
// VK_ICD_FILENAMES must be set in the main thread (as here) or the environment: a worker thread's
// process.env is its own copy, so setting it there never reaches the Vulkan loader (no adapter).
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

if (isMainThread) {
  process.env.VK_ICD_FILENAMES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
  const mode = process.argv[2] === 'kill' ? 'kill' : 'ok';
  const run = (tag) =>
    new Promise((done) => {
      const w = new Worker(new URL(import.meta.url), { workerData: { mode } });
      w.on('message', (m) => {
        console.log(`worker ${tag}:`, JSON.stringify(m));
        if (m.submitted && mode === 'kill') void w.terminate().then((c) => console.log(`worker ${tag} terminated (${c}); the process survived`));
      });
      w.on('error', (e) => console.log(`worker ${tag} error:`, e.message));
      w.on('exit', done);
    });
  await run('A');
  await run('B');
  const { create } = await import('webgpu');
  const adapter = await create([]).requestAdapter();
  console.log('main thread adapter:', adapter?.info.description ?? 'none');
  process.exit(0);
} else {
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const adapter = await create([]).requestAdapter();
  if (!adapter) throw new Error('no adapter in the worker thread');
  const device = await adapter.requestDevice();
  const n = 1 << 16;
  const buf = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const loop = workerData.mode === 'kill' ? 200_000 : 10;
  const code = `@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) i: vec3u) { var s = 0.0; for (var k = 0u; k < ${loop}u; k++) { s += sin(f32(k + i.x)); } x[i.x] = s; }`;
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: buf } }] }));
  pass.dispatchWorkgroups(n / 64);
  pass.end();
  const read = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  enc.copyBufferToBuffer(buf, 0, read, 0, 16);
  device.queue.submit([enc.finish()]);
  parentPort.postMessage({ adapter: adapter.info.description, submitted: true });
  await read.mapAsync(GPUMapMode.READ);
  parentPort.postMessage({ firstValues: Array.from(new Float32Array(read.getMappedRange())) });
  device.destroy();
}

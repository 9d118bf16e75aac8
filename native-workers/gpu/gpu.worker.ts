/**
 * The GPU worker process (issue 13): Dawn, the adapter probe and the kernel dispatch loop of GPU
 * batches run here, in a child process of the service, never in the service's own process. A
 * child process and not a worker thread because Dawn inside a worker thread does not isolate: a
 * `Worker.terminate()` during a dispatch or a pending mapAsync aborts the whole process
 * ("FATAL ERROR: Error::ThrowAsJavaScriptException napi_throw", SIGABRT; 5 of 5 tries,
 * scripts/dawnWorkerThreadCheck.mjs), a native crash in any thread ends the process anyway, and a
 * worker thread's process.env is a copy (device.ts's VK_ICD_FILENAMES default would never reach
 * the Vulkan loader). Killing this process leaves the service up.
 *
 * Started by workerBackend.ts through Node's IPC channel (child_process.fork, advanced
 * serialization) or, in the Electron app, as a utilityProcess (process.parentPort). Messages:
 * workerProtocol.ts. The worker exits when its channel closes (the service went away).
 */
import { probeGpu } from './device';
import { runGpuFlow } from './gpuBatch';
import { FromGpuWorkerSchema, ToGpuWorkerSchema, type FromGpuWorker } from './workerProtocol';

interface Port {
  post(message: FromGpuWorker): void;
  listen(handler: (message: unknown) => void): void;
}

/** Electron's utilityProcess gives process.parentPort; child_process.fork gives process.send. */
interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function parentPort(): Port {
  const electron = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (electron) return { post: (m) => electron.postMessage(m), listen: (h) => electron.on('message', (e) => h(e.data)) };
  const send = process.send?.bind(process);
  if (!send) throw new Error('gpu.worker: start me with child_process.fork (an IPC channel) or as an Electron utilityProcess');
  process.on('disconnect', () => process.exit(0));
  return { post: (m) => void send(m), listen: (h) => process.on('message', h) };
}

const port = parentPort();
const cancelled = new Set<number>();

/** Every answer is checked against the protocol before it leaves, so a bug shows up here, named. */
function post(message: FromGpuWorker): void {
  port.post(FromGpuWorkerSchema.parse(message));
}

function fail(id: number, error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: 'failed', id, error: { name: e.name, message: e.message.slice(0, 10_000) } });
}

port.listen((raw) => {
  const parsed = ToGpuWorkerSchema.safeParse(raw);
  if (!parsed.success) {
    const id = (raw as { id?: unknown } | null)?.id;
    if (typeof id === 'number' && Number.isInteger(id) && id >= 1) fail(id, new Error(`gpu.worker: bad request: ${parsed.error.message}`));
    return;
  }
  const message = parsed.data;
  if (message.type === 'cancel') return void cancelled.add(message.id);
  const { id } = message;
  if (message.type === 'probe') {
    void probeGpu().then((probe) => post({ type: 'probed', id, probe }), (error: unknown) => fail(id, error));
    return;
  }
  const { specs, architecture, data, kernel } = message.input;
  void runGpuFlow({
    specs,
    ...(architecture ? { architecture } : {}),
    ...(data ? { data } : {}),
    ...(kernel ? { kernel } : {}),
    shouldStop: () => cancelled.has(id),
    onProgress: (running, total) => post({ type: 'progress', id, running, total }),
  })
    .then((output) => post({ type: 'done', id, output }), (error: unknown) => fail(id, error))
    .finally(() => cancelled.delete(id));
});

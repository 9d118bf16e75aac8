/**
 * The GPU worker inside the Electron app: native-workers/gpu/gpu.worker.ts, built as its own chunk
 * (`?modulePath`), started as a utilityProcess — the packaged app's RunAsNode fuse is off
 * (fuses.ts), so child_process.fork of the app binary would not run Node. Messages are structured
 * clones (Float64Arrays stay Float64Arrays), as with the CLI's fork (native-workers/gpu/gpuChannel.ts).
 */
import { utilityProcess } from 'electron';
import gpuWorkerPath from '../../native-workers/gpu/gpu.worker?modulePath';
import { exitOnce, type GpuLauncher } from '../../native-workers/gpu/gpuChannel';

export const launchGpuUtilityProcess: GpuLauncher = () => {
  const child = utilityProcess.fork(gpuWorkerPath, [], { serviceName: 'Escape Studio GPU', stdio: 'inherit' });
  const { exit, onExit } = exitOnce();
  child.on('exit', (code) => exit(`exit code ${code}`));
  child.on('error', (type, location) => exit(`${type} at ${location}`));
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit,
    kill: () => void child.kill(),
    // A utility process has no channel to close: it is ended (Dawn needs no orderly teardown).
    close: () => void child.kill(),
    // Utility processes never keep the app alive.
    setBusy: () => undefined,
  };
};

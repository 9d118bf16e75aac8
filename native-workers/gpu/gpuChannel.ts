/**
 * How the service talks to its GPU worker process (gpu.worker.ts): a `GpuChannel`, started by a
 * launcher. Here the Node one (CLI, `serve`, tests): child_process.fork with an IPC channel and
 * advanced serialization (Float64Arrays arrive as Float64Arrays). The Electron app launches a
 * utilityProcess instead (main/electron/gpuWorker.ts): its RunAsNode fuse is off, so a packaged
 * app cannot fork itself as Node.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../pool/packageRoot';
import type { ToGpuWorker } from './workerProtocol';

export interface GpuChannel {
  /** The worker's process id (tests kill or stop it). */
  readonly pid: number | undefined;
  send(message: ToGpuWorker): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, when the process is gone, with why (e.g. "killed by SIGKILL", "exit code 134: FATAL ERROR …"). */
  onExit(listener: (reason: string) => void): void;
  /** Ends the process at once (SIGKILL). */
  kill(): void;
  /** Asks the process to exit on its own (closes the channel; the worker exits when it closes). */
  close(): void;
  /** While idle the channel must not keep the host process alive (a CLI exits when its work is done). */
  setBusy(busy: boolean): void;
}

export type GpuLauncher = () => GpuChannel;

/** Set (to true) by esbuild in the bundled CLI (scripts/buildCli.mjs); undefined when running from sources. */
declare const __ESCAPE_STUDIO_BUNDLED__: boolean | undefined;

/** The worker file and Node flags: out/cli/gpu.worker.mjs in the bundled CLI, else the TypeScript source through tsx. */
export function gpuWorkerEntry(): { file: string; execArgv: string[] } {
  if (typeof __ESCAPE_STUDIO_BUNDLED__ !== 'undefined' && __ESCAPE_STUDIO_BUNDLED__) return { file: join(packageRoot(), 'out/cli/gpu.worker.mjs'), execArgv: [] };
  return { file: fileURLToPath(new URL('./gpu.worker.ts', import.meta.url)), execArgv: ['--import', 'tsx'] };
}

/** The last non-empty stderr line, shortened: the usual last words of a crashing native addon. */
function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('Warning:') && !/XDG_RUNTIME_DIR/.test(l));
  const fatal = lines.find((l) => /FATAL|Segmentation|Assertion|terminate called|panic/i.test(l));
  return (fatal ?? lines[lines.length - 1] ?? '').slice(0, 300);
}

/** One exit report per worker, however many of 'error' / 'exit' fire: `exit` tells every `onExit` listener once. */
export function exitOnce(): { exit: (reason: string) => void; onExit: (listener: (reason: string) => void) => void } {
  const listeners: ((reason: string) => void)[] = [];
  let exited = false;
  return {
    exit: (reason) => {
      if (exited) return;
      exited = true;
      for (const l of listeners) l(reason);
    },
    onExit: (listener) => void listeners.push(listener),
  };
}

/** Starts gpu.worker in a child Node process. stderr is passed through and its tail kept for the exit reason. */
export const forkGpuWorker: GpuLauncher = () => {
  const entry = gpuWorkerEntry();
  // The parent's execArgv (vitest's, --inspect, …) must not leak into the worker: explicit flags only.
  const child = fork(entry.file, [], { cwd: packageRoot(), execArgv: entry.execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-4096);
  });
  const { exit, onExit } = exitOnce();
  child.on('error', (error) => exit(`it could not be started: ${error.message}`));
  child.on('exit', (code, signal) => {
    const last = lastLine(tail);
    exit(`${signal ? `killed by ${signal}` : `exit code ${String(code)}`}${last ? `: ${last}` : ''}`);
  });
  const setBusy = (busy: boolean): void => {
    const handles = [child, child.channel, child.stderr] as ({ ref?: () => void; unref?: () => void } | null | undefined)[];
    for (const h of handles) (busy ? h?.ref : h?.unref)?.call(h);
  };
  setBusy(false);
  return {
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit,
    kill: () => child.kill('SIGKILL'),
    close: () => {
      if (child.connected) child.disconnect();
    },
    setBusy,
  };
};

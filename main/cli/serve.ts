/** `escape-studio serve`: the web host (renderer + StudioApi over WebSocket) on this machine. */
import { packageRoot } from '../../native-workers/pool/packageRoot';
import { join, resolve } from 'node:path';
import { computeWorkerEntry } from '../../native-workers/pool/entry';
import { createDispatch } from '../services/dispatch';
import { StudioService } from '../services/studioService';
import { startWebHost } from '../webhost/server';
import { workspaceToken } from '../webhost/token';
import { defaultWorkspaceDir } from '../workspace/location';
import { parseFlags, UsageError } from './args';
import type { CliCommand, CliIo } from './command';
import { importOnStart, OPEN_FILE_FLAGS } from './openFile';

const FLAGS = {
  port: 'integer',
  host: 'string',
  workspace: 'string',
  workers: 'integer',
  'renderer-dir': 'string',
  /** Replace the workspace's stored access token (old links stop working). */
  'new-token': 'boolean',
  /** Extra host names the browser may use (comma-separated; IP addresses and localhost always work). */
  'allow-host': 'string',
  /** A network file to import before serving (`escape-studio FILE` sets it). */
  import: 'string',
  ...OPEN_FILE_FLAGS,
} as const;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export const DEFAULT_RENDERER_DIR = join(packageRoot(), 'out/renderer');

/** Resolves when SIGINT or SIGTERM arrives (the handlers are removed again afterwards). */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolveSignal(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export async function serve(argv: readonly string[], io: CliIo, stop: Promise<unknown> = untilSignal()): Promise<number> {
  const flags = parseFlags(argv, FLAGS);
  const port = flags.port ?? 5178;
  if (port < 0 || port > 65535) throw new UsageError(`--port must be in 0…65535, got ${port}`);
  if (flags.workers !== undefined && flags.workers < 1) throw new UsageError(`--workers must be ≥ 1, got ${flags.workers}`);
  const host = flags.host ?? '127.0.0.1';
  const workspaceDir = flags.workspace !== undefined ? resolve(io.cwd, flags.workspace) : defaultWorkspaceDir();
  const service = await StudioService.open({
    workspaceDir,
    workerEntry: computeWorkerEntry(),
    ...(flags.workers !== undefined ? { poolSize: flags.workers } : {}),
  });
  // Stable per workspace (<workspace>/.serve-token, mode 0600): a reload after a restart still works.
  const { token } = await workspaceToken(service.workspace.root, { rotate: flags['new-token'] === true });
  let webHost;
  try {
    webHost = await startWebHost({
      dispatch: createDispatch(service.handlers),
      subscribe: (listener) => service.subscribe(listener),
      staticDir: flags['renderer-dir'] !== undefined ? resolve(io.cwd, flags['renderer-dir']) : DEFAULT_RENDERER_DIR,
      token,
      host,
      ...(flags['allow-host'] !== undefined ? { allowedHosts: flags['allow-host'].split(',').map((h) => h.trim()).filter((h) => h !== '') } : {}),
      port,
    });
  } catch (error) {
    await service.shutdown();
    throw new Error(`cannot listen on ${host}:${port}: ${(error as Error).message}`, { cause: error });
  }
  for (const problem of service.workspace.problems) io.stderr(`warning: workspace entry skipped: ${problem}\n`);
  // Listening first: a port in use fails before anything is imported.
  if (flags.import !== undefined) {
    try {
      const run = await importOnStart(
        service,
        {
          path: flags.import,
          ...(flags.activations !== undefined ? { activations: flags.activations } : {}),
          ...(flags.teacher !== undefined ? { teacher: flags.teacher } : {}),
          ...(flags.samples !== undefined ? { samples: flags.samples } : {}),
          ...(flags['data-seed'] !== undefined ? { dataSeed: flags['data-seed'] } : {}),
        },
        io.cwd,
      );
      io.stderr(`imported ${flags.import} as run ${run.runId} (${run.parameterCount} parameters, L = ${run.result.finalLoss.toExponential(3)} on ${run.spec.teacher})\n`);
    } catch (error) {
      await webHost.close();
      await service.shutdown();
      throw error;
    }
  }
  io.stderr(`workspace ${service.workspace.root} (${service.workspace.listRuns().length} runs), ${service.pool.size} worker thread(s)\n`);
  if (!LOOPBACK.has(host)) io.stderr(`warning: listening on ${host}: anyone who can reach it and has the URL (with its token) can use the studio\n`);
  io.stdout(`Escape Studio is serving at ${webHost.url}\n`);

  const signal = await stop;
  io.stderr(`${typeof signal === 'string' ? signal : 'stop'}: cancelling jobs and finishing workspace writes…\n`);
  await webHost.close();
  await service.shutdown();
  io.stderr('stopped cleanly\n');
  return 0;
}

export const serveCommand: CliCommand = {
  name: 'serve',
  usage:
    'serve [--port N (default 5178; 0 = any free port)] [--host H (default 127.0.0.1)] [--workspace DIR] [--workers N] [--renderer-dir DIR]\n' +
    '  Prints a URL with the workspace\'s access token (kept in <workspace>/.serve-token, owner-only; --new-token replaces it);\n' +
    '  requests without it are refused. --allow-host NAME[,NAME] adds host names (IPs and localhost always work). Ctrl-C stops cleanly.\n' +
    '  --import FILE [--activations a,b,…] [--teacher T] [--samples N] [--data-seed S]: import a network file first\n' +
    '  (`escape-studio FILE …` is short for `serve --import FILE …`).\n' +
    '  Build the renderer first with `npm run build`.',
  run: (argv, io) => serve(argv, io),
};

/**
 * `surface.export` and `batches.export`: data out through the API. The file is built on the
 * host (surfaces: the landscape task, then main/exports/ writers) and returned as base64; the
 * studio turns it into a download (web host) or a save dialog (Electron).
 */
import type { MethodRequest, MethodResult } from '../../contract/methods';
import { MAX_EXPORT_BYTES } from '../../contract/exports';
import { StudioError } from '../../contract/errors';
import { parseCheckpoint } from '../../native-workers/engine';
import type { WorkerPool } from '../../native-workers/pool/pool';
import { checkFinalThetaSize, encodeCsv, encodeFinalThetaNpz, encodeTableJson, tableRows } from '../exports/batchTable';
import { planeSummary, surfaceFromLandscape } from '../exports/surfaceData';
import { encodeSurface, SURFACE_MEDIA_TYPES } from '../exports/surfaceFile';
import { NotFoundError } from '../workspace/errors';
import type { Workspace } from '../workspace/workspace';
import { computeLandscapeTask } from './landscape';
import type { ResolvedPoint } from './sources';

type ExportedFile = MethodResult<'surface.export'>;

function file(fileName: string, mediaType: string, bytes: Uint8Array, context: string, smaller: string): ExportedFile {
  if (bytes.length > MAX_EXPORT_BYTES)
    throw new StudioError('invalid', `${context}: the file would have ${bytes.length} bytes, more than the ${MAX_EXPORT_BYTES} an export may send; ${smaller}`);
  return { fileName, mediaType, byteLength: bytes.length, base64: Buffer.from(bytes).toString('base64') };
}

function theta0(point: ResolvedPoint): Float64Array {
  return point.network.kind === 'theta' ? point.network.theta : parseCheckpoint(point.network.checkpoint).theta;
}

function sourceName(request: MethodRequest<'surface.export'>): { label: string; slug: string } {
  const s = request.source;
  if (s.kind === 'run') return { label: `run ${s.runId} (${s.which} θ)`, slug: `${s.runId}-${s.which}` };
  if (s.kind === 'hierarchy') return { label: `hierarchy ${s.hierarchyId} node ${s.node}`, slug: `${s.hierarchyId}-node${s.node}` };
  return { label: 'given network', slug: 'network' };
}

export async function exportSurface(pool: WorkerPool, workspace: Workspace, request: MethodRequest<'surface.export'>): Promise<ExportedFile> {
  const { format, ...landscapeRequest } = request;
  const { point, result } = await computeLandscapeTask(pool, workspace, landscapeRequest, 'surface.export');
  const name = sourceName(request);
  const data = surfaceFromLandscape(
    { ...result, projection: { alpha: result.projAlpha, beta: result.projBeta, offPlane: result.projOffPlane, planeLoss: result.projPlaneLoss, loss: result.projLoss } },
    theta0(point),
    planeSummary(request.plane),
    name.label,
  );
  const bytes = await encodeSurface(format, data);
  const smaller = `choose a lower resolution (${request.resolution}² grid, ${result.parameterCount} parameters), or use the CLI's \`escape-studio surface\`, which writes the file directly`;
  return file(`landscape-${name.slug}-${request.plane.kind}.${format}`, SURFACE_MEDIA_TYPES[format], bytes, 'surface.export', smaller);
}

const TOO_BIG_TABLE = 'use the CLI\'s `escape-studio export --batch`, which writes the files directly';

export async function exportBatch(workspace: Workspace, request: MethodRequest<'batches.export'>): Promise<ExportedFile> {
  const batch = workspace.listBatches().find((b) => b.batchId === request.batchId);
  if (!batch) throw new NotFoundError(`batchId: no batch '${request.batchId}' in the workspace`);
  const runs = workspace.listRuns(request.batchId);
  const stem = request.batchId;
  switch (request.format) {
    case 'csv':
      return file(`${stem}.csv`, 'text/csv', new TextEncoder().encode(encodeCsv(tableRows(runs))), 'batches.export', TOO_BIG_TABLE);
    case 'json':
      return file(`${stem}.json`, 'application/json', new TextEncoder().encode(encodeTableJson(batch, tableRows(runs))), 'batches.export', TOO_BIG_TABLE);
    case 'npz': {
      try {
        checkFinalThetaSize(runs, MAX_EXPORT_BYTES);
      } catch (error) {
        throw new StudioError('invalid', `batches.export: ${(error as Error).message}; ${TOO_BIG_TABLE}`);
      }
      const thetas: Float64Array[] = [];
      for (const run of runs) thetas.push((await workspace.loadRun(run.runId)).arrays.finalTheta);
      return file(`${stem}-final-theta.npz`, 'application/octet-stream', encodeFinalThetaNpz(runs, thetas), 'batches.export', TOO_BIG_TABLE);
    }
  }
}

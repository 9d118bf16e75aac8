/** analyses.list says each analysis's size (what the studio's Analyses & exports panel shows): the bytes on disk. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioApi } from '../../../contract/api';
import { localStudioApi } from '../../../main/services/localApi';
import { StudioService } from '../../../main/services/studioService';
import { Workspace } from '../../../main/workspace/workspace';
import { computeWorkerEntry } from '../../../native-workers/pool/entry';
import { syntheticRun, tempDir } from '../helpers/service';

const dir = tempDir('files');
let service: StudioService;
let api: StudioApi;

beforeAll(async () => {
  const ws = await Workspace.open(dir.path);
  const run = syntheticRun('run-f', null, 2);
  await ws.addRun(run.summary, run.architecture, run.arrays);
  await ws.close();
  service = await StudioService.open({ workspaceDir: dir.path, workerEntry: computeWorkerEntry(), poolSize: 1 });
  api = localStudioApi(service);
});
afterAll(async () => {
  await service.shutdown();
  dir.remove();
});

const folderBytes = (path: string): number => readdirSync(path).reduce((sum, name) => sum + statSync(join(path, name)).size, 0);

describe('analyses.list sizes', () => {
  it('reports the bytes of analysis.json and its arrays, also after a reopen', async () => {
    const a = await api.call('analyze', { source: { kind: 'run', runId: 'run-f' }, escapeDirections: true });
    const b = await api.call('analyze', { source: { kind: 'run', runId: 'run-f', which: 'initial' }, escapeDirections: false });
    const onDisk = (id: string): number => folderBytes(join(dir.path, 'analyses', id));
    const listed = new Map((await api.call('analyses.list', {})).analyses.map((x) => [x.analysisId, x.bytes]));
    expect(listed.get(a.analysisId)).toBe(onDisk(a.analysisId));
    expect(listed.get(b.analysisId)).toBe(onDisk(b.analysisId));
    expect(onDisk(a.analysisId)).toBeGreaterThan(9 * 8); // 9 eigenvalues at least

    await service.shutdown();
    service = await StudioService.open({ workspaceDir: dir.path, workerEntry: computeWorkerEntry(), poolSize: 1 });
    api = localStudioApi(service);
    const reopened = new Map((await api.call('analyses.list', {})).analyses.map((x) => [x.analysisId, x.bytes]));
    expect(reopened.get(a.analysisId)).toBe(onDisk(a.analysisId));
  });
});

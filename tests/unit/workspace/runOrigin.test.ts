/** Runs carry a structured origin; workspaces written before the field still open, with the origin inferred once. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunOrigin } from '../../../contract/origin';
import { inferLegacyOrigin } from '../../../main/workspace/legacyOrigin';
import { Workspace } from '../../../main/workspace/workspace';
import { syntheticRun, tempDir } from '../helpers/service';

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

async function workspaceWith(origins: [string, RunOrigin, string | null][]): Promise<string> {
  const dir = tempDir('origin');
  dirs.push(dir);
  const ws = await Workspace.open(dir.path);
  for (const [i, [runId, origin, name]] of origins.entries()) {
    const r = syntheticRun(runId, null, i);
    await ws.addRun({ ...r.summary, origin, name }, r.architecture, r.arrays);
  }
  return dir.path;
}

/** Rewrites a stored run.json as an older studio wrote it: no origin field. */
function stripOrigin(dir: string, runId: string): void {
  const path = join(dir, 'runs', runId, 'run.json');
  const record = JSON.parse(readFileSync(path, 'utf8')) as { summary: Record<string, unknown> };
  delete record.summary.origin;
  writeFileSync(path, JSON.stringify(record));
}

describe('run origin', () => {
  it('round-trips train, split and import origins through run.json', async () => {
    const origins: [string, RunOrigin, string | null][] = [
      ['run-a', { kind: 'train' }, null],
      ['run-b', { kind: 'split', parentRunId: 'run-a', layer: 0, neuron: 2, gamma: 0.25, nudge: 1e-3 }, 'anything at all'],
      ['run-c', { kind: 'import', file: 'net.pt', format: 'pytorch' }, 'net.pt'],
      ['run-d', { kind: 'train', fromRunId: 'run-c' }, 'split run-a n1 γ0.5'],
    ];
    const dir = await workspaceWith(origins);
    const reopened = await Workspace.open(dir);
    expect(reopened.problems).toEqual([]);
    const byId = new Map(reopened.listRuns().map((r) => [r.runId, r.origin]));
    for (const [runId, origin] of origins) expect(byId.get(runId)).toEqual(origin);
  });

  it('opens an old workspace: a run.json without origin is a trained run, or a split when its name says so', async () => {
    const dir = await workspaceWith([
      ['run-old', { kind: 'train' }, 'my run'],
      ['run-oldsplit', { kind: 'train' }, 'split run-old n2 γ0.3 ε0.001'],
      ['run-oldexact', { kind: 'train' }, 'split run-old n0 γ-0.5'],
      ['run-noname', { kind: 'train' }, null],
    ]);
    for (const id of ['run-old', 'run-oldsplit', 'run-oldexact', 'run-noname']) stripOrigin(dir, id);
    const reopened = await Workspace.open(dir);
    expect(reopened.problems).toEqual([]);
    const byId = new Map(reopened.listRuns().map((r) => [r.runId, r.origin]));
    expect(byId.get('run-old')).toEqual({ kind: 'train' });
    expect(byId.get('run-noname')).toEqual({ kind: 'train' });
    // The old renderer wrote the 0-based neuron index into the name.
    expect(byId.get('run-oldsplit')).toEqual({ kind: 'split', parentRunId: 'run-old', layer: 0, neuron: 2, gamma: 0.3, nudge: 0.001 });
    expect(byId.get('run-oldexact')).toEqual({ kind: 'split', parentRunId: 'run-old', layer: 0, neuron: 0, gamma: -0.5, nudge: 0 });
    const loaded = await reopened.loadRun('run-oldsplit');
    expect(loaded.arrays.finalTheta).toHaveLength(9);
  });

  it('does not mistake look-alike names for splits', () => {
    expect(inferLegacyOrigin('split')).toEqual({ kind: 'train' });
    expect(inferLegacyOrigin('split run-a n2')).toEqual({ kind: 'train' });
    expect(inferLegacyOrigin('split run-a n2 γabc')).toEqual({ kind: 'train' });
    expect(inferLegacyOrigin('split run/../x n2 γ0.5')).toEqual({ kind: 'train' });
    expect(inferLegacyOrigin(42)).toEqual({ kind: 'train' });
  });
});

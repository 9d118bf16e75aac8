/** `runs.export` writes only inside the workspace or a folder the user chose in a host dialog (issue 14). */
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContractError } from '../../../contract/errors';
import { exportRun } from '../../../main/workspace/export';
import { Workspace } from '../../../main/workspace/workspace';
import { syntheticRun, tempDir } from '../helpers/service';

const dirs: { path: string; remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

async function workspace(): Promise<Workspace> {
  const dir = tempDir('export-target');
  dirs.push(dir);
  const ws = await Workspace.open(dir.path);
  const r = syntheticRun('run-x', null, 1);
  await ws.addRun(r.summary, r.architecture, r.arrays);
  return ws;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ContractError);
  return (error as Error).message;
}

describe('runs.export target folder', () => {
  it('writes into <workspace>/exports/<runId> by default and relative folders inside exports/', async () => {
    const ws = await workspace();
    expect((await exportRun(ws, 'run-x')).npzPath).toBe(join(ws.root, 'exports', 'run-x', 'run.npz'));
    expect((await exportRun(ws, 'run-x', 'paper/fig6')).npzPath).toBe(join(ws.root, 'exports', 'paper', 'fig6', 'run.npz'));
    expect((await exportRun(ws, 'run-x', join(ws.root, 'mine'))).jsonPath).toBe(join(ws.root, 'mine', 'run.json'));
  });

  it('refuses "", other host folders, ../ escapes and symlinks leading out, writing nothing', async () => {
    const ws = await workspace();
    const outside = tempDir('export-outside');
    dirs.push(outside);
    expect(await refusal(exportRun(ws, 'run-x', ''))).toMatch(/^runs\.export: directory: expected a folder; leave it out to export into /);
    expect(await refusal(exportRun(ws, 'run-x', outside.path))).toMatch(/^runs\.export: directory: '.*' is outside the workspace; exports go inside /);
    expect(await refusal(exportRun(ws, 'run-x', '../../escape'))).toMatch(/is outside the workspace/);
    mkdirSync(join(ws.root, 'links'));
    symlinkSync(outside.path, join(ws.root, 'links', 'out'));
    expect(await refusal(exportRun(ws, 'run-x', join(ws.root, 'links', 'out', 'deeper')))).toMatch(/is outside the workspace/);
    expect(readdirSync(outside.path)).toEqual([]);
    expect(existsSync(join(process.cwd(), 'run.npz'))).toBe(false);
  });

  it('writes into a folder the user chose in a dialog (registered by the host)', async () => {
    const ws = await workspace();
    const chosen = tempDir('export-chosen');
    dirs.push(chosen);
    const out = await exportRun(ws, 'run-x', join(chosen.path, 'fig'), [chosen.path]);
    expect(out.npzPath).toBe(join(chosen.path, 'fig', 'run.npz'));
    expect(existsSync(out.npzPath)).toBe(true);
  });
});

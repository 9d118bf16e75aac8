/**
 * Crash safety of the workspace: a `serve` child process running a 200-seed batch is killed
 * with SIGKILL part-way; after a restart on the same workspace every run that had been reported
 * finished is listed and loads, and no file is half-written. Also: SIGINT shuts down cleanly.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RunRecordSchema, elementCount, RUN_ARRAYS } from '../../../main/workspace/records';
import { connectWebSocketApi, type WebSocketApi, type WebSocketLike } from '../../../renderer/src/api/wsClient';
import { tempDir } from '../helpers/service';

const repo = resolve(import.meta.dirname, '../../..');
const dirs: { remove(): void }[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  dirs.forEach((d) => d.remove());
});

interface Served {
  readonly child: ChildProcessWithoutNullStreams;
  readonly api: WebSocketApi;
  readonly stderr: () => string;
}

async function startServe(workspace: string): Promise<Served> {
  const child = spawn(process.execPath, [join(repo, 'bin/escape-studio.mjs'), 'serve', '--port', '0', '--workspace', workspace, '--workers', '1'], { cwd: repo });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += String(d);
      const m = /serving at (http:\/\/\S+)/.exec(out);
      if (m) resolveUrl(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited early (${code}): ${stderr}`)));
  });
  const { host, searchParams } = new URL(url);
  const api = await connectWebSocketApi(`ws://${host}/api?token=${searchParams.get('token')}`, (u) => new WebSocket(u) as unknown as WebSocketLike);
  return { child, api, stderr: () => stderr };
}

/** Every run folder in the workspace (outside temporary folders) with its run.json and arrays checked. */
function checkRunFolders(workspace: string): { runIds: string[]; temporaries: string[] } {
  const runIds: string[] = [];
  const temporaries: string[] = [];
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name.startsWith('.tmp-')) {
        temporaries.push(path);
        continue;
      }
      if (!statSync(path).isDirectory()) continue;
      if (readdirSync(path).includes('run.json')) {
        const record = RunRecordSchema.parse(JSON.parse(readFileSync(join(path, 'run.json'), 'utf8')));
        for (const array of RUN_ARRAYS) {
          const ref = record.arrays[array];
          expect(statSync(join(path, ref.file)).size, `${path}/${ref.file}`).toBe(8 * elementCount(ref.shape));
        }
        runIds.push(record.summary.runId);
      } else visit(path);
    }
  };
  visit(workspace);
  return { runIds: runIds.sort(), temporaries };
}

const BATCH = { teacher: 'fig3c', width: 4, method: 'minimize', seeds: Array.from({ length: 200 }, (_, i) => i) } as const;

describe('crash safety', () => {
  it('kill -9 during a 200-seed batch loses only runs in flight; a restart lists and loads every finished run', async () => {
    const ws = tempDir('crash');
    dirs.push(ws);
    const first = await startServe(ws.path);
    const finished: string[] = [];
    first.api.subscribe((e) => {
      if (e.type === 'run.added') finished.push(e.payload.run.runId);
    });
    const started = await first.api.call('experiments.start', { ...BATCH, seeds: [...BATCH.seeds] });
    expect(started.jobs).toHaveLength(200);
    await expect.poll(() => finished.length, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(8);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const reported = [...finished];

    // On disk right after the crash: every run folder is complete; only temporaries may be partial.
    const afterCrash = checkRunFolders(ws.path);
    expect(afterCrash.runIds).toEqual(expect.arrayContaining(reported));
    expect(afterCrash.runIds.length).toBeLessThan(200);

    const second = await startServe(ws.path);
    const listed = await second.api.call('runs.list', {});
    const listedIds = listed.runs.map((r) => r.runId).sort();
    expect(listedIds).toEqual(afterCrash.runIds);
    expect(listed.batches).toHaveLength(1);
    expect(listed.batches[0]).toMatchObject({ batchId: started.batchId, seedCount: 200, finished: listedIds.length });
    for (const runId of listedIds) {
      const detail = await second.api.call('runs.get', { runId });
      expect(detail.finalTheta).toHaveLength(detail.run.parameterCount);
      expect(detail.run.batchId).toBe(started.batchId);
    }
    expect(second.stderr()).not.toMatch(/workspace entry skipped/);
    expect(checkRunFolders(ws.path).temporaries).toEqual([]);
    second.api.close();
    second.child.kill('SIGINT');
    expect(await new Promise((r) => second.child.once('exit', r))).toBe(0);
  });

  it('SIGINT cancels the batch, finishes writes and exits 0; everything listed loads', async () => {
    const ws = tempDir('sigint');
    dirs.push(ws);
    const served = await startServe(ws.path);
    const finished: string[] = [];
    served.api.subscribe((e) => {
      if (e.type === 'run.added') finished.push(e.payload.run.runId);
    });
    await served.api.call('experiments.start', { ...BATCH, seeds: [...BATCH.seeds] });
    await expect.poll(() => finished.length, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(3);
    served.child.kill('SIGINT');
    const code = await new Promise((r) => served.child.once('exit', r));
    expect(code).toBe(0);
    expect(served.stderr()).toMatch(/stopped cleanly/);
    const onDisk = checkRunFolders(ws.path);
    expect(onDisk.temporaries).toEqual([]);
    expect(onDisk.runIds).toEqual(expect.arrayContaining(finished));
  });
});

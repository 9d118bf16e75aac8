/** runs.list paging over a real workspace: pages follow nextCursor, cover every run once, in order. */
import { afterEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../../contract/errors';
import { METHODS } from '../../../contract/methods';
import { listRuns } from '../../../main/services/runs';
import { Workspace } from '../../../main/workspace/workspace';
import { syntheticRun, tempDir } from '../helpers/service';

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

async function workspaceWith(count: number): Promise<Workspace> {
  const d = tempDir('paging');
  dirs.push(d);
  const ws = await Workspace.open(d.path);
  // Seeds 0,0,1,1,… give runs with equal createdAt, so the runId tie-break is exercised.
  for (let i = 0; i < count; i++) {
    const r = syntheticRun(`run-${String(count - i).padStart(3, '0')}`, null, Math.floor(i / 2));
    await ws.addRun(r.summary, r.architecture, r.arrays);
  }
  return ws;
}

const request = (r: object) => METHODS['runs.list'].request.parse(r);

describe('runs.list paging', () => {
  it('returns every run exactly once across pages, in the unpaged order, with the total', async () => {
    const ws = await workspaceWith(23);
    const all = listRuns(ws, request({})).runs.map((r) => r.runId);
    expect(all).toHaveLength(23);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = listRuns(ws, request({ limit: 5, ...(cursor ? { cursor } : {}) }));
      expect(page.total).toBe(23);
      expect(page.runs.length).toBeLessThanOrEqual(5);
      seen.push(...page.runs.map((r) => r.runId));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toEqual(all);
    // The answer passes the contract's response schema (additive fields included).
    expect(() => METHODS['runs.list'].response.parse(listRuns(ws, request({ limit: 5 })))).not.toThrow();
    await ws.close();
  });

  it('a page continues after a deleted cursor run, and a malformed cursor is an invalid request', async () => {
    const ws = await workspaceWith(6);
    const first = listRuns(ws, request({ limit: 3 }));
    const lastId = first.runs[2]!.runId;
    await ws.deleteRun(lastId);
    const next = listRuns(ws, request({ limit: 3, cursor: first.nextCursor! }));
    expect(next.runs.map((r) => r.runId)).toEqual(listRuns(ws, request({})).runs.slice(2).map((r) => r.runId));
    expect(next.nextCursor).toBeNull();
    expect(() => listRuns(ws, request({ cursor: 'nonsense' }))).toThrow(StudioError);
    expect(() => listRuns(ws, request({ cursor: 'nonsense' }))).toThrow(/cursor: expected a nextCursor/);
    await ws.close();
  });
});

/**
 * Stored hierarchy explorations: <workspace>/hierarchies/<hierarchyId>/ holds hierarchy.json
 * (summary, nodes without θ, edges) and theta.f64 (every node's θ, concatenated in node order;
 * node k's θ is thetaLength[k] doubles). The folder appears atomically like a run's.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { formatIssues } from '../../contract/errors';
import { nonNegativeInt } from '../../contract/fields';
import {
  HierarchyEdgeSchema,
  HierarchyNodeSchema,
  HierarchySummarySchema,
  type HierarchyGraph,
  type HierarchySummary,
  type HierarchyTaskResult,
} from '../../contract/hierarchy';
import { scanRecordFolders, writeDirAtomic } from './atomic';
import { NotFoundError, WorkspaceError } from './errors';
import { encodeF64, readF64 } from './f64';
import { ArrayRefSchema, elementCount } from './records';

export const HierarchyRecordSchema = z.strictObject({
  format: z.literal('escape-studio/hierarchy@1'),
  summary: HierarchySummarySchema,
  nodes: z.array(HierarchyNodeSchema.omit({ theta: true }).extend({ thetaLength: nonNegativeInt() })),
  edges: z.array(HierarchyEdgeSchema),
  arrays: z.strictObject({ theta: ArrayRefSchema }),
});
export type HierarchyRecord = z.output<typeof HierarchyRecordSchema>;

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class HierarchyStore {
  private readonly entries = new Map<string, { record: HierarchyRecord; dir: string }>();

  constructor(readonly root: string) {}

  /** Loads every stored exploration; unreadable ones are reported in `problems`, temp leftovers removed. */
  /** `cleanTemp` false: leave `.tmp-` entries alone (another opener of this folder may be writing them). */
  async scan(problems: string[], cleanTemp = true): Promise<void> {
    await scanRecordFolders(this.root, problems, cleanTemp, async (dir, name) => {
      const record = await readRecord(join(dir, 'hierarchy.json'));
      if (record.summary.hierarchyId !== name)
        throw new WorkspaceError(`${dir}: hierarchy.json hierarchyId '${record.summary.hierarchyId}' differs from the folder name`);
      this.entries.set(name, { record, dir });
    });
  }

  /** Stores an exploration's graph (the worker's result) under `summary.hierarchyId`. */
  async add(summary: HierarchySummary, graph: Pick<HierarchyTaskResult, 'nodes' | 'edges'>): Promise<HierarchyRecord> {
    const id = summary.hierarchyId;
    if (!SAFE_ID.test(id)) throw new WorkspaceError(`hierarchyId: '${id}' is not a valid id`);
    if (this.entries.has(id)) throw new WorkspaceError(`hierarchyId: hierarchy '${id}' already exists`);
    const total = graph.nodes.reduce((sum, n) => sum + n.theta.length, 0);
    const theta = new Float64Array(total);
    let at = 0;
    for (const n of graph.nodes) {
      theta.set(n.theta, at);
      at += n.theta.length;
    }
    const record = HierarchyRecordSchema.parse({
      format: 'escape-studio/hierarchy@1',
      summary,
      nodes: graph.nodes.map(({ theta: t, ...rest }) => ({ ...rest, thetaLength: t.length })),
      edges: graph.edges,
      arrays: { theta: { file: 'theta.f64', shape: [total] } },
    });
    const dir = join(this.root, id);
    // hierarchy.json last: whoever reads the folder finds the array it names.
    await writeDirAtomic(
      dir,
      new Map<string, Uint8Array | string>([
        ['theta.f64', encodeF64(theta)],
        ['hierarchy.json', JSON.stringify(record, null, 2) + '\n'],
      ]),
    );
    this.entries.set(id, { record, dir });
    return record;
  }

  list(): HierarchySummary[] {
    return [...this.entries.values()].map((e) => e.record.summary).sort((a, b) => a.createdAt - b.createdAt || a.hierarchyId.localeCompare(b.hierarchyId));
  }

  async load(hierarchyId: string): Promise<HierarchyGraph> {
    const entry = this.entries.get(hierarchyId);
    if (!entry) throw new NotFoundError(`hierarchyId: no hierarchy '${hierarchyId}' in the workspace`);
    const { record, dir } = entry;
    const theta = await readF64(join(dir, record.arrays.theta.file), elementCount(record.arrays.theta.shape));
    let at = 0;
    const nodes = record.nodes.map(({ thetaLength, ...rest }, k) => {
      if (at + thetaLength > theta.length)
        throw new WorkspaceError(`${dir}: nodes[${k}].thetaLength: ${thetaLength} entries past the end of theta.f64 (${theta.length} doubles)`);
      const t = Array.from(theta.subarray(at, at + thetaLength));
      at += thetaLength;
      return { ...rest, theta: t };
    });
    return { summary: record.summary, nodes, edges: record.edges };
  }

  /** One node's θ and width, with the exploration's summary (for point sources). */
  async node(hierarchyId: string, nodeId: number): Promise<{ summary: HierarchySummary; width: number; theta: Float64Array }> {
    const graph = await this.load(hierarchyId);
    const node = graph.nodes.find((n) => n.id === nodeId);
    if (!node) throw new NotFoundError(`node: hierarchy '${hierarchyId}' has no node ${nodeId}`);
    return { summary: graph.summary, width: node.width, theta: Float64Array.from(node.theta) };
  }
}

async function readRecord(path: string): Promise<HierarchyRecord> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new WorkspaceError(`${path}: cannot read (${(error as Error).message})`);
  }
  const parsed = HierarchyRecordSchema.safeParse(json);
  if (!parsed.success) throw new WorkspaceError(formatIssues(path, parsed.error.issues));
  return parsed.data;
}

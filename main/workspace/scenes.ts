/**
 * Stored recorder scenes: <workspace>/scenes/<sceneId>.json, one `escape-studio/scene@1` document
 * per file, written atomically (temp file + fsync + rename). Unreadable files are reported in
 * `problems` on open and left on disk, never silently dropped.
 */
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatIssues } from '../../contract/errors';
import { SceneSchema, type Scene, type SceneSummary } from '../../contract/scene';
import { TEMP_PREFIX, writeFileAtomic } from './atomic';
import { NotFoundError, WorkspaceError } from './errors';
import { newId } from './ids';

interface Entry {
  readonly scene: Scene;
  readonly createdAt: number;
}

export class SceneStore {
  private readonly entries = new Map<string, Entry>();

  constructor(readonly root: string) {}

  /** `cleanTemp` false: leave `.tmp-` entries alone (another opener of this folder may be writing them). */
  async scan(problems: string[], cleanTemp = true): Promise<void> {
    await mkdir(this.root, { recursive: true });
    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      const path = join(this.root, entry.name);
      if (entry.name.startsWith(TEMP_PREFIX)) {
        if (cleanTemp) await rm(path, { recursive: true, force: true });
        continue;
      }
      if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
      const id = entry.name.slice(0, -'.json'.length);
      try {
        const scene = parseScene(path, await readFile(path, 'utf8'));
        if (scene.sceneId !== id) throw new WorkspaceError(`${path}: sceneId '${scene.sceneId ?? ''}' differs from the file name`);
        this.entries.set(id, { scene, createdAt: Math.round((await stat(path)).mtimeMs) });
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
  }

  /** Saves `scene` under its sceneId when it names a stored scene, else under a new id. */
  async save(scene: Scene): Promise<string> {
    const id = scene.sceneId !== undefined && this.entries.has(scene.sceneId) ? scene.sceneId : newId('scene');
    const stored = SceneSchema.parse({ ...scene, sceneId: id });
    await writeFileAtomic(join(this.root, `${id}.json`), JSON.stringify(stored, null, 2) + '\n');
    this.entries.set(id, { scene: stored, createdAt: this.entries.get(id)?.createdAt ?? Date.now() });
    return id;
  }

  list(): SceneSummary[] {
    return [...this.entries.entries()]
      .map(([sceneId, { scene, createdAt }]) => ({
        sceneId,
        name: scene.name,
        createdAt,
        duration: scene.duration,
        fps: scene.fps,
        width: scene.width,
        height: scene.height,
        runId: scene.runId,
      }))
      .sort((a, b) => a.createdAt - b.createdAt || a.sceneId.localeCompare(b.sceneId));
  }

  get(sceneId: string): Scene {
    const entry = this.entries.get(sceneId);
    if (!entry) throw new NotFoundError(`sceneId: no scene '${sceneId}' in the workspace`);
    return entry.scene;
  }
}

/** Parses a scene file's text; errors name the file and the field. */
export function parseScene(path: string, text: string): Scene {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new WorkspaceError(`${path}: not JSON (${(error as Error).message})`);
  }
  const parsed = SceneSchema.safeParse(json);
  if (!parsed.success) throw new WorkspaceError(formatIssues(path, parsed.error.issues));
  return parsed.data;
}

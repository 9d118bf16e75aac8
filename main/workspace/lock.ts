/**
 * One process per workspace: `<workspace>/.lock` holds the owner's pid and host. A second process
 * opening the same folder gets a clear WorkspaceLockedError instead of deleting `.tmp-` folders the
 * first one is still writing. A lock whose process is gone (kill -9, power loss) is taken over.
 *
 * Within one process the lock is shared and reference-counted (tests and the CLI may open the same
 * folder twice); only the first opener in a process cleans up temp leftovers.
 */
import { hostname } from 'node:os';
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkspaceError } from './errors';

export const LOCK_FILE = '.lock';

export class WorkspaceLockedError extends WorkspaceError {
  override name = 'WorkspaceLockedError';
}

interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly since: number;
}

/** Folders this process holds, with the number of open Workspace objects on each. */
const held = new Map<string, number>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(path: string): Promise<LockInfo | null> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockInfo>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') return { pid: parsed.pid, host: parsed.host, since: Number(parsed.since ?? 0) };
    return null;
  } catch {
    return null;
  }
}

async function createLock(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), since: Date.now() }) + '\n');
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new WorkspaceError(`${path}: cannot create the workspace lock (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/**
 * Takes the lock on `root` (an existing folder). Returns true when this process newly acquired it
 * (the caller may then clean up temp leftovers), false when this process already held it.
 */
export async function acquireWorkspaceLock(root: string): Promise<boolean> {
  const count = held.get(root) ?? 0;
  if (count > 0) {
    held.set(root, count + 1);
    return false;
  }
  const path = join(root, LOCK_FILE);
  // Two tries: the second after removing a stale lock (its owner is gone).
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await createLock(path)) {
      held.set(root, 1);
      return true;
    }
    const owner = await readLock(path);
    const sameHost = owner !== null && owner.host === hostname();
    if (owner !== null && (!sameHost || (owner.pid !== process.pid && alive(owner.pid)))) {
      const where = sameHost ? `process ${owner.pid}` : `process ${owner.pid} on ${owner.host}`;
      throw new WorkspaceLockedError(
        `workspace ${root} is in use by ${where} (another escape-studio); close it first or choose another workspace folder` +
          (sameHost ? '' : ` (if that machine no longer uses it, delete ${path})`),
      );
    }
    // Stale (owner gone, or an unreadable lock file): take it over.
    await rm(path, { force: true });
  }
  throw new WorkspaceLockedError(`workspace ${root}: another process took the lock while this one was opening it`);
}

/** Drops one hold on `root`; the lock file goes when the last Workspace of this process closes. */
export async function releaseWorkspaceLock(root: string): Promise<void> {
  const count = held.get(root) ?? 0;
  if (count === 0) return;
  if (count > 1) {
    held.set(root, count - 1);
    return;
  }
  held.delete(root);
  const path = join(root, LOCK_FILE);
  const owner = await readLock(path);
  if (owner !== null && owner.pid === process.pid && owner.host === hostname()) await rm(path, { force: true });
}

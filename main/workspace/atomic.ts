/**
 * Crash-safe writes: data goes to a temporary name in the same folder, is fsync'ed, then renamed
 * over the target (rename is atomic on POSIX), and the folder is fsync'ed so the rename survives a
 * power loss. A reader therefore sees the old file or the complete new one, never a prefix.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Prefix of every temporary file or folder; Workspace.open removes leftovers after a crash. */
export const TEMP_PREFIX = '.tmp-';

export function tempName(target: string): string {
  return join(dirname(target), `${TEMP_PREFIX}${basename(target)}-${randomBytes(6).toString('hex')}`);
}

async function writeAndSync(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync a directory so that entries created or renamed in it are durable. */
export async function syncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempName(path);
  try {
    await writeAndSync(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dirname(path));
}

/**
 * Creates folder `path` holding exactly `files` (name → contents), all at once: the files are
 * written into a temporary sibling folder that is renamed into place. Fails if `path` exists.
 */
export async function writeDirAtomic(path: string, files: ReadonlyMap<string, Uint8Array | string>): Promise<void> {
  const parent = dirname(path);
  await mkdir(parent, { recursive: true });
  const temp = tempName(path);
  await mkdir(temp);
  try {
    for (const [name, data] of files) await writeAndSync(join(temp, name), data);
    await syncDir(temp);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  await syncDir(parent);
}

/** Removes a folder so that it disappears at once: rename to a temporary name, then delete. */
export async function removeDirAtomic(path: string): Promise<void> {
  const temp = tempName(path);
  await rename(path, temp);
  await syncDir(dirname(path));
  await rm(temp, { recursive: true, force: true });
}

/**
 * Visits every record folder below `root` (one folder per stored item, named by its id): `.tmp-`
 * leftovers of interrupted atomic writes are removed (unless `cleanTemp` is false: another opener
 * may be writing them), and `load(dir, name)` is called for each other folder; whatever it throws
 * is reported in `problems` and the folder skipped, so one damaged entry never hides the rest.
 */
export async function scanRecordFolders(
  root: string,
  problems: string[],
  cleanTemp: boolean,
  load: (dir: string, name: string) => Promise<void>,
): Promise<void> {
  await mkdir(root, { recursive: true });
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(root, entry.name);
    if (entry.name.startsWith(TEMP_PREFIX)) {
      if (cleanTemp) await rm(dir, { recursive: true, force: true });
      continue;
    }
    try {
      await load(dir, entry.name);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
}

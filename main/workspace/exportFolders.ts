/** The folders under a workspace's exports/ (runs.export's default target): what they hold, for listing and deletion. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMP_PREFIX } from './atomic';

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A folder under exports/. */
export interface ExportEntry {
  readonly exportId: string;
  readonly files: string[];
  readonly bytes: number;
  readonly modifiedAt: number;
}

async function folderNames(path: string): Promise<string[]> {
  try {
    return (await readdir(path, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Every export folder (temp leftovers and unsafe names skipped), newest first. */
export async function listExportFolders(exportsDir: string): Promise<ExportEntry[]> {
  const out: ExportEntry[] = [];
  for (const name of await folderNames(exportsDir)) {
    if (name.startsWith(TEMP_PREFIX) || !SAFE_ID.test(name)) continue;
    const dir = join(exportsDir, name);
    const files: string[] = [];
    let bytes = 0;
    let modifiedAt = 0;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (!entry.isFile() || entry.name.startsWith(TEMP_PREFIX)) continue;
      const info = await stat(join(dir, entry.name));
      files.push(entry.name);
      bytes += info.size;
      modifiedAt = Math.max(modifiedAt, info.mtimeMs);
    }
    out.push({ exportId: name, files: files.sort(), bytes, modifiedAt: Math.round(modifiedAt) });
  }
  return out.sort((a, b) => b.modifiedAt - a.modifiedAt || a.exportId.localeCompare(b.exportId));
}

/** Opening the workspace a CLI command names with `--workspace` (default: the studio's own). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultWorkspaceDir } from '../workspace/location';
import { Workspace } from '../workspace/workspace';
import { UsageError } from './args';

/** Opens an existing workspace (never creates one: a mistyped path should say so, not export from an empty folder). */
export async function openExistingWorkspace(flag: string | undefined, cwd: string): Promise<Workspace> {
  const dir = flag !== undefined ? resolve(cwd, flag) : defaultWorkspaceDir();
  if (!existsSync(dir)) throw new UsageError(`no workspace at ${dir}${flag === undefined ? ' (the default; give --workspace DIR)' : ''}`);
  // Read-only: works while a studio serves the same folder (it holds the workspace lock).
  return Workspace.open(dir, { readOnly: true });
}

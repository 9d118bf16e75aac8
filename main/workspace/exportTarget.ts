/**
 * Where `runs.export` may write: inside the workspace (default `<workspace>/exports/<runId>`;
 * a relative folder is taken inside `<workspace>/exports`), or inside a folder the user chose in
 * the host's folder dialog (the host registers it). Anything else — another host directory, the
 * server's working directory via `""`, a symlink leading out — is refused before anything is written.
 */
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ContractError } from '../../contract/errors';

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel.split(sep)[0] !== '..' && !isAbsolute(rel));
}

/** The real path of `path`'s deepest existing ancestor joined with the rest (symlinks resolved). */
async function realTarget(path: string): Promise<string> {
  let existing = path;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(await realpath(existing), ...rest.reverse());
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return path;
      rest.push(existing.slice(parent.length).replace(/^[\\/]+/, ''));
      existing = parent;
    }
  }
}

export async function resolveExportDirectory(workspaceRoot: string, runId: string, directory: string | undefined, chosenFolders: readonly string[]): Promise<string> {
  if (directory === undefined) return join(workspaceRoot, 'exports', runId);
  if (directory.trim() === '')
    throw new ContractError(`runs.export: directory: expected a folder; leave it out to export into ${join(workspaceRoot, 'exports', runId)}`);
  const target = isAbsolute(directory) ? resolve(directory) : resolve(workspaceRoot, 'exports', directory);
  const real = await realTarget(target);
  const roots = [workspaceRoot, ...chosenFolders];
  for (const root of roots) {
    const realRoot = await realTarget(resolve(root));
    if (inside(realRoot, real)) return target;
  }
  throw new ContractError(
    `runs.export: directory: '${directory}' is outside the workspace; exports go inside ${workspaceRoot} (e.g. its exports/ folder) or into a folder chosen in the studio's folder dialog`,
  );
}

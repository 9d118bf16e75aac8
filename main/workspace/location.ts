/** Where the workspace lives when no --workspace is given. */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `<appData>/workspace`; appData defaults to $XDG_DATA_HOME/escape-studio (or ~/.local/share/…). */
export function defaultWorkspaceDir(appData?: string): string {
  if (appData) return join(appData, 'workspace');
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'escape-studio', 'workspace');
}

/**
 * Builds the app when out/renderer is missing or older than the renderer and contract sources
 * (a stale renderer would reject a newer host's messages), starts `escape-studio serve --port 0` on a temporary
 * workspace, and hands its tokenized URL to the tests in E2E_STUDIO_URL. Teardown sends SIGINT.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function rendererIsStale(): boolean {
  const built = join(root, 'out/renderer/index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(newestMtime(join(root, 'renderer')), newestMtime(join(root, 'contract')));
  return sources > statSync(built).mtimeMs;
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (rendererIsStale()) execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  const workspace = mkdtempSync(join(tmpdir(), 'escape-e2e-'));
  const server = spawn(process.execPath, [join(root, 'bin/escape-studio.mjs'), 'serve', '--port', '0', '--workspace', workspace, '--workers', '1'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const log = createWriteStream(join(root, 'test-results', 'e2e-serve.log'));
  server.stderr.on('data', (d: Buffer) => {
    stderr += String(d);
    log.write(d);
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL within 60 s\n${stderr}`)), 60_000);
    server.stdout.on('data', (d: Buffer) => {
      stdout += String(d);
      const match = /serving at (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    server.once('exit', (code) => reject(new Error(`serve exited with ${code}\n${stderr}`)));
  });
  process.env.E2E_STUDIO_URL = url;
  process.env.E2E_WORKSPACE = workspace;
  return async () => {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGINT');
    await exited;
    rmSync(workspace, { recursive: true, force: true });
  };
}

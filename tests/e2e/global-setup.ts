/**
 * Builds the app when out/renderer is missing (`npm run test:e2e` builds first), starts `escape-studio serve --port 0` on a temporary
 * workspace, and hands its tokenized URL to the tests in E2E_STUDIO_URL. Teardown sends SIGINT.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(root, 'out/renderer/index.html'))) execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  const workspace = mkdtempSync(join(tmpdir(), 'escape-e2e-'));
  const server = spawn(process.execPath, [join(root, 'bin/escape-studio.mjs'), 'serve', '--port', '0', '--workspace', workspace, '--workers', '1'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  server.stderr.on('data', (d: Buffer) => (stderr += String(d)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL within 60 s\n${stderr}`)), 60_000);
    server.stdout.on('data', (d: Buffer) => {
      stdout += String(d);
      const match = /serving at (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
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

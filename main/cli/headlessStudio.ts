/**
 * The studio without a visible window: an internal web host (StudioService + `serve`'s server on
 * an ephemeral loopback port, its own token) and the system Chromium driven by playwright-core,
 * headless. `escape-studio record` and the recording benchmarks use it. Errors say what is
 * missing (no Chromium, no built renderer) and how to get it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { computeWorkerEntry } from '../../native-workers/pool/entry';
import { createDispatch } from '../services/dispatch';
import { StudioService } from '../services/studioService';
import { startWebHost } from '../webhost/server';
import { generateToken } from '../webhost/token';
import { DEFAULT_RENDERER_DIR } from './serve';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];

/** Same flags as the end-to-end tests; GPU-less machines render WebGL with SwiftShader. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader'];

export function findChromium(explicit?: string): string {
  if (explicit !== undefined) {
    if (!existsSync(explicit)) throw new Error(`--chromium: no browser at ${explicit}`);
    return explicit;
  }
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      `no Chromium found (looked in CHROMIUM_PATH and ${CANDIDATES.join(', ')}): install one (Debian: apt-get install chromium) or pass --chromium PATH; headless recording needs a browser with WebGL and WebCodecs`,
    );
  return found;
}

export interface HeadlessStudio {
  readonly page: Page;
  readonly service: StudioService;
  close(): Promise<void>;
}

export async function openHeadlessStudio(options: { workspaceDir: string; chromium?: string; rendererDir?: string; workers?: number }): Promise<HeadlessStudio> {
  const executablePath = findChromium(options.chromium);
  const staticDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  if (!existsSync(join(staticDir, 'index.html'))) throw new Error(`the studio's renderer is not built (${staticDir}/index.html missing): run npm run build`);
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new Error('playwright-core is not installed (npm install): it drives the headless Chromium');
  }
  const service = await StudioService.open({ workspaceDir: options.workspaceDir, workerEntry: computeWorkerEntry(), poolSize: options.workers ?? 1 });
  let host: Awaited<ReturnType<typeof startWebHost>> | null = null;
  let browser: Browser | null = null;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await host?.close().catch(() => undefined);
    await service.shutdown();
  };
  try {
    host = await startWebHost({
      dispatch: createDispatch(service.handlers),
      subscribe: (listener) => service.subscribe(listener),
      staticDir,
      token: generateToken(),
      host: '127.0.0.1',
      port: 0,
    });
    browser = await playwright.chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    const page = await (await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(host.url);
    // Runs in the page (its window is the global object there).
    await page.waitForFunction(() => (globalThis as { escapeStudioRecorder?: unknown }).escapeStudioRecorder !== undefined, undefined, { timeout: 30_000 });
    return { page, service, close };
  } catch (error) {
    await close();
    throw error;
  }
}

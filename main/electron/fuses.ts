/**
 * Electron fuses for a packaged studio, flipped in the packaged Electron binary at packaging time
 * by `scripts/applyFuses.mjs` (an electron-builder `afterPack` hook, or
 * `node scripts/applyFuses.mjs <packaged binary>`) through `@electron/fuses` v1 `flipFuses` (v2
 * needs Node ≥ 22.12). Never applied to node_modules/electron: that would break `npm start`.
 * Keys are the @electron/fuses FuseV1Options names; fuses not named keep Electron's default.
 *
 * The fuse wire in the binary: the 32-byte ASCII sentinel `dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX`, one
 * byte wire version (1), one byte wire length, then one byte per fuse in FuseV1Options order:
 * '0' disabled, '1' enabled, 'r' removed (a universal macOS binary holds two wires; both are set).
 */
import { join } from 'node:path';
import type { FuseV1Config } from '@electron/fuses';

export const STUDIO_FUSES = {
  /** ELECTRON_RUN_AS_NODE must not turn the app into a plain Node. */
  RunAsNode: false,
  EnableCookieEncryption: true,
  /** NODE_OPTIONS / --inspect must not inject code into the packaged app. */
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  /** Load the app only from its (integrity-checked) app.asar. */
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  /** The studio needs no file:// privileges (it runs from app://). */
  GrantFileProtocolExtraPrivileges: false,
} as const;

export type StudioFuseName = keyof typeof STUDIO_FUSES;

/** STUDIO_FUSES as @electron/fuses' config (FuseV1Options indices); the library is loaded only when packaging. */
export async function studioFuseConfig(): Promise<FuseV1Config> {
  const { FuseV1Options, FuseVersion } = await import('@electron/fuses');
  const config: FuseV1Config = { version: FuseVersion.V1, strictlyRequireAllFuses: false };
  for (const [name, on] of Object.entries(STUDIO_FUSES) as Array<[StudioFuseName, boolean]>) {
    const index = FuseV1Options[name];
    if (typeof index !== 'number') throw new Error(`fuses: @electron/fuses has no fuse '${name}'`);
    (config as Record<number, boolean>)[index] = on;
  }
  return config;
}

/**
 * Flips the studio's fuses in the Electron binary at `binaryPath` (on macOS the `.app` bundle) and
 * returns how many fuse wires were set. Throws when the file holds no fuse wire.
 */
export async function applyStudioFuses(binaryPath: string): Promise<number> {
  const { flipFuses } = await import('@electron/fuses');
  return flipFuses(binaryPath, await studioFuseConfig());
}

/** The packaged Electron binary inside electron-builder's `appOutDir` (afterPack context) for a platform. */
export function packagedBinaryPath(appOutDir: string, platform: string, productFilename: string, executableName?: string): string {
  if (platform === 'darwin' || platform === 'mas') return join(appOutDir, `${productFilename}.app`);
  if (platform === 'win32') return join(appOutDir, `${productFilename}.exe`);
  return join(appOutDir, executableName ?? productFilename);
}

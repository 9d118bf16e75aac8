// Applies the studio's Electron fuses (main/electron/fuses.ts, STUDIO_FUSES) to a packaged binary.
//
//   electron-builder:  "afterPack": "scripts/applyFuses.mjs"   (this module's default export)
//   by hand:           node scripts/applyFuses.mjs <packaged Electron binary | Studio.app>
//
// Never point it at node_modules/electron: flipping that binary's fuses breaks `npm start`.
// main/electron/fuses.ts is TypeScript, so tsx (a dependency) loads it.
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { applyStudioFuses, packagedBinaryPath, STUDIO_FUSES } = await import('../main/electron/fuses.ts');

/** electron-builder afterPack hook: the packaged app is in context.appOutDir. */
export default async function afterPack(context) {
  const binary = packagedBinaryPath(
    context.appOutDir,
    context.electronPlatformName,
    context.packager.appInfo.productFilename,
    context.packager.executableName,
  );
  await apply(binary);
}

async function apply(binary) {
  const wires = await applyStudioFuses(binary);
  const set = Object.entries(STUDIO_FUSES)
    .map(([name, on]) => `${name} ${on ? 'on' : 'off'}`)
    .join(', ');
  console.log(`fuses: ${binary}: ${set} (${wires} fuse wire${wires === 1 ? '' : 's'})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const binary = process.argv[2];
  if (!binary) {
    console.error('usage: node scripts/applyFuses.mjs <packaged Electron binary or .app>');
    process.exit(2);
  }
  try {
    await apply(binary);
  } catch (error) {
    console.error(`fuses: ${binary}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

/**
 * The packaging step flips the studio's fuses (issue 14): scripts/applyFuses.mjs through
 * @electron/fuses' flipFuses, on FAKE binaries that hold the fuse wire exactly as Electron lays it
 * out (32-byte sentinel, version byte 1, length byte, one ASCII state per fuse in FuseV1Options
 * order: '0' off, '1' on, 'r' removed). The bytes are checked by offset, not through the library.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packagedBinaryPath, STUDIO_FUSES } from '../../../main/electron/fuses';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's defaults for the first 8 fuses: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on, ASAR integrity off, only-ASAR off, browser V8 snapshot off, file:// privileges on. */
const ELECTRON_DEFAULTS = '10110001';
/** RunAsNode off, cookie encryption on, NODE_OPTIONS off, --inspect off, ASAR integrity on, only-ASAR on, V8 snapshot untouched (off), file:// privileges off. */
const EXPECTED = '01001100';

const dir = mkdtempSync(join(tmpdir(), 'fuses-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const script = join(__dirname, '../../../scripts/applyFuses.mjs');

/** Deterministic filler bytes (never containing the sentinel) around each wire. */
function filler(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function wire(states: string): Buffer {
  return Buffer.concat([Buffer.from(SENTINEL, 'latin1'), Buffer.from([1, states.length]), Buffer.from(states, 'latin1')]);
}

/** A fake binary: filler, wire, filler (twice for a universal macOS binary). */
function fakeBinary(name: string, states: string[]): { path: string; offsets: number[]; bytes: Buffer } {
  const parts: Buffer[] = [filler(4099, 1)];
  const offsets: number[] = [];
  let at = parts[0].length;
  states.forEach((s, k) => {
    offsets.push(at + SENTINEL.length + 2);
    const w = wire(s);
    const tail = filler(2053 + k, 7 + k);
    parts.push(w, tail);
    at += w.length + tail.length;
  });
  const bytes = Buffer.concat(parts);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, offsets, bytes };
}

function statesAt(path: string, offset: number, count: number): string {
  return readFileSync(path).subarray(offset, offset + count).toString('latin1');
}

function runScript(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('applying the studio fuses at packaging time', () => {
  it('declares the fuses the Electron checklist asks for', () => {
    expect(STUDIO_FUSES).toMatchObject({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
    });
  });

  it('node scripts/applyFuses.mjs BINARY flips exactly the fuse bytes, every other byte unchanged', () => {
    const fake = fakeBinary('electron', [ELECTRON_DEFAULTS]);
    const r = runScript(fake.path);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('RunAsNode off, EnableCookieEncryption on');
    const after = readFileSync(fake.path);
    expect(after.length).toBe(fake.bytes.length);
    expect(statesAt(fake.path, fake.offsets[0], 8)).toBe(EXPECTED);
    // Version and length bytes kept; nothing outside the 8 state bytes changed.
    expect([after[fake.offsets[0] - 2], after[fake.offsets[0] - 1]]).toEqual([1, 8]);
    let changed = 0;
    for (let i = 0; i < after.length; i++) if (after[i] !== fake.bytes[i]) changed++;
    const expectedChanges = [...EXPECTED].filter((c, i) => c !== ELECTRON_DEFAULTS[i]).length;
    expect(changed).toBe(expectedChanges);
    // Applying twice is a no-op.
    expect(runScript(fake.path).status).toBe(0);
    expect(statesAt(fake.path, fake.offsets[0], 8)).toBe(EXPECTED);
  });

  it('sets both wires of a universal binary and leaves fuses it does not know (a 9-fuse wire) as they were', () => {
    const fake = fakeBinary('universal', [ELECTRON_DEFAULTS + '1', ELECTRON_DEFAULTS + '1']);
    expect(runScript(fake.path).status).toBe(0);
    expect(statesAt(fake.path, fake.offsets[0], 9)).toBe(EXPECTED + '1');
    expect(statesAt(fake.path, fake.offsets[1], 9)).toBe(EXPECTED + '1');
  });

  it('works as an electron-builder afterPack hook (Linux layout: appOutDir/executableName)', () => {
    const out = join(dir, 'linux-unpacked');
    mkdirSync(out);
    const fake = fakeBinary('linux-unpacked/escape-studio', [ELECTRON_DEFAULTS]);
    const hook = `const { default: afterPack } = await import(${JSON.stringify(script)});
await afterPack({ appOutDir: ${JSON.stringify(out)}, electronPlatformName: 'linux', packager: { appInfo: { productFilename: 'Escape Studio' }, executableName: 'escape-studio' } });`;
    execFileSync(process.execPath, ['--input-type=module', '-e', hook], { encoding: 'utf8' });
    expect(statesAt(fake.path, fake.offsets[0], 8)).toBe(EXPECTED);
    expect(packagedBinaryPath('/o', 'darwin', 'Escape Studio')).toBe('/o/Escape Studio.app');
    expect(packagedBinaryPath('/o', 'win32', 'Escape Studio')).toBe('/o/Escape Studio.exe');
  });

  it('refuses a file without a fuse wire, naming the file, and leaves it unchanged', () => {
    const path = join(dir, 'not-electron');
    const bytes = filler(5000, 3);
    writeFileSync(path, bytes);
    const r = runScript(path);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`fuses: ${path}: Could not find sentinel`);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(runScript().status).toBe(2);
  });
});

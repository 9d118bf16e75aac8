/** The web host's access token: random, compared in constant time, stable per workspace. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, open, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Cookie name of the studio on `port`: two studios on different ports keep separate cookies. */
export function tokenCookieName(port: number): string {
  return `escape_studio_token_${port}`;
}

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

export type TokenCheck = 'ok' | 'missing' | 'wrong';

export function checkToken(provided: string | null | undefined, expected: string): TokenCheck {
  if (provided === null || provided === undefined || provided === '') return 'missing';
  const a = Buffer.from(provided);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b) ? 'ok' : 'wrong';
}

/** The token of a request: `?token=` in the URL, else the cookie `cookieName` set on the first visit. */
export function requestToken(url: URL, cookieHeader: string | undefined, cookieName: string): string | null {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null) return fromQuery;
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === cookieName) {
      try {
        return decodeURIComponent(rest.join('='));
      } catch {
        return rest.join('=');
      }
    }
  }
  return null;
}

export const TOKEN_FILE = '.serve-token';
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

/**
 * The workspace's serve token, kept in `<workspace>/.serve-token` (mode 0600, owner only) so a
 * reload after a server restart still works. A missing, malformed or group/other-accessible file
 * is replaced by a fresh token; `rotate` forces a new one.
 */
export async function workspaceToken(workspaceDir: string, options: { rotate?: boolean } = {}): Promise<{ token: string; created: boolean }> {
  const path = join(workspaceDir, TOKEN_FILE);
  if (!options.rotate) {
    try {
      const info = await stat(path);
      const text = (await readFile(path, 'utf8')).trim();
      if (info.isFile() && (info.mode & 0o077) === 0 && TOKEN_PATTERN.test(text)) return { token: text, created: false };
    } catch {
      // missing or unreadable: write a new one below
    }
  }
  const token = generateToken();
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(token + '\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(temp, 0o600); // in case of a permissive umask on exotic filesystems
  await rename(temp, path);
  return { token, created: true };
}

/** The web host's access token: random, compared in constant time. */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_COOKIE = 'escape_studio_token';

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

/** The token of a request: `?token=` in the URL, else the cookie set on the first visit. */
export function requestToken(url: URL, cookieHeader: string | undefined): string | null {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null) return fromQuery;
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return null;
}

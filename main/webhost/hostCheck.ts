/**
 * DNS-rebinding protection: a page on evil.example whose name is re-pointed at 127.0.0.1 reaches
 * this server with `Host: evil.example:PORT`. Only Host values naming this server are accepted:
 * an IP literal (rebinding needs a domain name), `localhost`, or a name the user allowed, each
 * with this server's port. The Host header is never copied into a response.
 */
import { isIP } from 'node:net';

export function hostAllowed(hostHeader: string | undefined, port: number, allowedNames: readonly string[] = []): boolean {
  if (hostHeader === undefined || hostHeader.length > 300) return false;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(hostHeader);
  if (!match) return false;
  const [, rawName, rawPort] = match;
  if (rawPort === undefined || Number(rawPort) !== port) return false;
  const name = rawName!.toLowerCase();
  if (name.startsWith('[')) return isIP(name.slice(1, -1)) === 6;
  if (isIP(name) === 4) return true;
  return name === 'localhost' || allowedNames.some((allowed) => allowed.toLowerCase() === name);
}

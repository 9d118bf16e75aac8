/** Runs a Python 3 snippet with Debian's interpreter (numpy, h5py) and returns what it prints as JSON. */
import { execFileSync } from 'node:child_process';

export function python<T = unknown>(script: string, ...args: string[]): T {
  const out = execFileSync('/usr/bin/python3', ['-c', script, ...args], { encoding: 'utf8' });
  return JSON.parse(out) as T;
}

/** Identifiers for runs, batches, jobs and analyses: time-ordered, unique, safe as folder names. */
import { randomBytes } from 'node:crypto';

let last = 0;
let counter = 0;

export function newId(prefix: 'run' | 'batch' | 'job' | 'an' | 'hier' | 'scene' | 'data'): string {
  const now = Date.now();
  counter = now === last ? counter + 1 : 0;
  last = now;
  return `${prefix}-${now.toString(36)}${counter.toString(36).padStart(2, '0')}-${randomBytes(4).toString('hex')}`;
}

/** Integer ticks 1…n for index axes: 1, the nice multiples in between, and n. */
import { niceTicks } from '../panels/shared/ticks';

export function niceIndexTicks(n: number, count = 6): number[] {
  if (n <= 0) return [];
  if (n === 1) return [1];
  const inner = niceTicks(1, n, count).filter((k) => Number.isInteger(k) && k > 1 && k < n);
  return [1, ...inner, n];
}

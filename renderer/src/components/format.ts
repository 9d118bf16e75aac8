/** Number formatting shared by the shell's tables. */
export function formatLoss(value: number | null): string {
  if (value === null) return '—';
  if (value === 0) return '0';
  return value.toExponential(3);
}

export function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 4)}…${id.slice(-6)}` : id;
}

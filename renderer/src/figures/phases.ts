/**
 * A run's trainer phases (flow, polish, …) for the loss-curve figure, read defensively from a run
 * detail or run record: `phases: [{ name, fromIndex, toIndex, stopReason? }]` on the object, its
 * `run`, its `summary` or their `result` (wherever the run format keeps it). Entries that are not
 * well-formed are skipped; no phases → undefined (the curve is drawn in one piece).
 */
import type { CurvePhase } from './LossCurvesFigure';

function isPhase(x: unknown): x is CurvePhase {
  if (!x || typeof x !== 'object') return false;
  const p = x as Record<string, unknown>;
  return typeof p.name === 'string' && Number.isInteger(p.fromIndex) && Number.isInteger(p.toIndex);
}

function listAt(x: unknown): unknown[] | undefined {
  if (!x || typeof x !== 'object') return undefined;
  const phases = (x as { phases?: unknown }).phases;
  return Array.isArray(phases) ? phases : undefined;
}

export function phasesOf(run: unknown): CurvePhase[] | undefined {
  const o = run as Record<string, unknown> | null;
  const places = o && typeof o === 'object' ? [o, o.run, o.summary, o.result, (o.run as Record<string, unknown> | undefined)?.result, (o.summary as Record<string, unknown> | undefined)?.result] : [];
  for (const place of places) {
    const list = listAt(place);
    if (list) {
      const phases = list.filter(isPhase).map((p) => ({ name: p.name, fromIndex: p.fromIndex, toIndex: p.toIndex, stopReason: typeof p.stopReason === 'string' ? p.stopReason : null }));
      return phases.length > 0 ? phases : undefined;
    }
  }
  return undefined;
}

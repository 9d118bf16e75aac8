/**
 * The critical-point classes as the renderer draws and names them: the contract's closed
 * CLASSIFICATIONS (shared with the engine's analysis), never guessed from substrings.
 */
import { CLASSIFICATIONS, type Classification } from '../../../contract/vocabulary';

/** How a point is drawn: global minimum, (local) minimum, saddle, or anything else. */
export type PointKind = 'global' | 'minimum' | 'saddle' | 'other';

const KIND: Record<Classification, PointKind> = {
  'global-min': 'global',
  'local-min': 'minimum',
  'strict-saddle': 'saddle',
  // A certified kink minimum (every active kink convex) is a minimum; second order cannot decide
  // (flat), a Clarke-stationary kink with a concave kink (descent direction) or not critical at all.
  'kink-min': 'minimum',
  flat: 'other',
  'kink-stationary': 'other',
  'not-critical': 'other',
};

export function isClassification(c: unknown): c is Classification {
  return typeof c === 'string' && (CLASSIFICATIONS as readonly string[]).includes(c);
}

/**
 * A run's `success` (loss below its loss target) is the same event as the class `global-min`
 * (the analysis uses the same target), so either makes the point a global minimum.
 */
export function pointKind(classification: string | null | undefined, success = false): PointKind {
  if (success) return 'global';
  return isClassification(classification) ? KIND[classification] : 'other';
}

/** Short names shown in tables and legends (one vocabulary: "global min" = success). */
export const CLASS_LABELS: Record<Classification, string> = {
  'global-min': 'global min',
  'local-min': 'local min',
  'strict-saddle': 'strict saddle',
  flat: 'flat',
  'kink-min': 'kink min',
  'kink-stationary': 'kink (descent)',
  'not-critical': 'not critical',
};

export function classLabel(classification: string | null | undefined, success = false): string {
  if (success || classification === 'global-min') return CLASS_LABELS['global-min'];
  return isClassification(classification) ? CLASS_LABELS[classification] : 'unclassified';
}

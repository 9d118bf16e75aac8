/**
 * Split provenance comes from a run's structured `origin` (contract/origin.ts), never from its
 * name; the name below is only a readable default label.
 */
import type { RunOrigin, SplitOrigin } from '../../../contract/origin';

export type { SplitOrigin };

/** The split a run was trained from, or null for trained and imported runs. */
export function splitOriginOf(run: { readonly origin: RunOrigin }): SplitOrigin | null {
  return run.origin.kind === 'split' ? run.origin : null;
}

/** A default display name for a split run, e.g. "split run-12 n3 γ0.5 ε0.001" (neuron 1-based as in the UI). */
export function splitRunName(origin: Pick<SplitOrigin, 'parentRunId' | 'neuron' | 'gamma' | 'nudge'>): string {
  return `split ${origin.parentRunId} n${origin.neuron + 1} γ${origin.gamma}${origin.nudge > 0 ? ` ε${origin.nudge}` : ''}`;
}

/**
 * Workspaces written before runs carried a structured `origin` (run.json without the field):
 * the origin is inferred once, when the record is read. Split runs were then recognised by their
 * name, "split <parentRunId> n<neuron> γ<gamma>" with an optional " ε<nudge>" (the renderer's old
 * splitProvenance.ts); every other run was trained.
 */
import type { RunOrigin } from '../../contract/origin';

const LEGACY_SPLIT_NAME = /^split ([A-Za-z0-9_-]{1,64}) n(\d+) γ(-?[0-9.eE+-]+)(?: ε([0-9.eE+-]+))?$/;

export function inferLegacyOrigin(name: unknown): RunOrigin {
  if (typeof name !== 'string') return { kind: 'train' };
  const m = LEGACY_SPLIT_NAME.exec(name);
  if (!m) return { kind: 'train' };
  const neuron = Number(m[2]);
  const gamma = Number(m[3]);
  const nudge = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isSafeInteger(neuron) || !Number.isFinite(gamma) || !Number.isFinite(nudge) || nudge < 0) return { kind: 'train' };
  return { kind: 'split', parentRunId: m[1], layer: 0, neuron, gamma, nudge };
}

/** A stored run summary with its origin filled in when the file predates the field. */
export function withOrigin(summary: unknown): unknown {
  if (typeof summary !== 'object' || summary === null || Array.isArray(summary) || 'origin' in summary) return summary;
  return { ...summary, origin: inferLegacyOrigin((summary as { name?: unknown }).name) };
}

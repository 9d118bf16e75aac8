/**
 * Split runs carry their origin in the run name, so the studio can draw the hierarchy's
 * split → minimum arrows from the workspace alone: "split <parentRunId> n<neuron> γ<gamma>"
 * (optionally "ε<perturb>").
 */
export interface SplitOrigin {
  readonly parentRunId: string;
  readonly neuron: number;
  readonly gamma: number;
  readonly perturb: number;
}

export function splitRunName(origin: SplitOrigin): string {
  return `split ${origin.parentRunId} n${origin.neuron} γ${origin.gamma}${origin.perturb > 0 ? ` ε${origin.perturb}` : ''}`;
}

const PATTERN = /^split ([A-Za-z0-9_-]+) n(\d+) γ(-?[0-9.eE+-]+)(?: ε([0-9.eE+-]+))?$/;

export function parseSplitRunName(name: string | null): SplitOrigin | null {
  if (!name) return null;
  const m = PATTERN.exec(name);
  if (!m) return null;
  const gamma = Number(m[3]);
  const perturb = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isFinite(gamma) || !Number.isFinite(perturb)) return null;
  return { parentRunId: m[1], neuron: Number(m[2]), gamma, perturb };
}

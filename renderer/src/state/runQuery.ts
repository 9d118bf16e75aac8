/** The run browser's filters, search and sort (pure), and the labels runs go by in legends. */
import type { BatchSummary, RunSummary } from '../../../contract/runs';
import { runOutcome } from './batchStats';

export interface RunQuery {
  readonly search: string;
  readonly teacher: string;
  readonly width: string;
  readonly method: string;
  readonly outcome: string;
  readonly sort: 'newest' | 'oldest' | 'loss' | 'seed' | 'width';
}

export const DEFAULT_QUERY: RunQuery = { search: '', teacher: '', width: '', method: '', outcome: '', sort: 'newest' };

/** The data a run was trained on: its teacher's, or a stored dataset (imported file; spec.teacher is then a placeholder). */
export function dataLabel(spec: RunSummary['spec']): string {
  return spec.dataset ? 'stored dataset' : spec.teacher;
}

/** What a legend shows for a run: teacher, width, seed, method (the name too for split runs). */
export function runLegend(r: RunSummary): string {
  // Imported networks: seed and trainer mean nothing, the file and the data do.
  if (r.origin.kind === 'import') return `${r.name ?? r.origin.file} (imported ${r.origin.format}, ${r.parameterCount} parameters, ${r.spec.dataset ? 'stored dataset' : `${r.spec.teacher} data`})`;
  const base = `${r.spec.teacher} w${r.spec.width} seed ${r.spec.seed} ${r.spec.method}`;
  return r.name && r.name.startsWith('split') ? `${base} (${r.name})` : base;
}

/** What a batch goes by: its name, else what it trained ("fig6 w3 flow, 20 seeds"). */
export function batchLabel(b: BatchSummary): string {
  return b.name ?? `${b.teacher} w${b.width} ${b.method}, ${b.seedCount} seed${b.seedCount === 1 ? '' : 's'}`;
}

function haystack(r: RunSummary): string {
  return [r.runId, r.name ?? '', dataLabel(r.spec), `w${r.spec.width}`, `width ${r.spec.width}`, `seed ${r.spec.seed}`, r.spec.method, runOutcome(r), r.result.stoppedBy]
    .join(' ')
    .toLowerCase();
}

/**
 * A search as typed: "seed 7" / "seed:7" and "w3" / "width 3" are exact (seed 7 is not seed 17),
 * every other word must appear somewhere in the run's description.
 */
export function parseSearch(search: string): { seed: number | null; width: number | null; words: string[] } {
  let rest = search.toLowerCase();
  let seed: number | null = null;
  let width: number | null = null;
  rest = rest.replace(/\bseed[\s:=]*(\d+)\b/, (_, n: string) => ((seed = Number(n)), ' '));
  rest = rest.replace(/\b(?:w|width[\s:=]*)(\d+)\b/, (_, n: string) => ((width = Number(n)), ' '));
  return { seed, width, words: rest.split(/\s+/).filter((w) => w !== '') };
}

export function queryRuns(runs: readonly RunSummary[], q: RunQuery): RunSummary[] {
  const { seed, width, words } = parseSearch(q.search);
  const out = runs.filter(
    (r) =>
      (seed === null || r.spec.seed === seed) &&
      (width === null || r.spec.width === width) &&
      (q.teacher === '' || dataLabel(r.spec) === q.teacher) &&
      (q.width === '' || String(r.spec.width) === q.width) &&
      (q.method === '' || r.spec.method === q.method) &&
      (q.outcome === '' || runOutcome(r) === q.outcome) &&
      words.every((w) => haystack(r).includes(w)),
  );
  const by: Record<RunQuery['sort'], (a: RunSummary, b: RunSummary) => number> = {
    newest: (a, b) => b.createdAt - a.createdAt,
    oldest: (a, b) => a.createdAt - b.createdAt,
    loss: (a, b) => a.result.finalLoss - b.result.finalLoss,
    seed: (a, b) => a.spec.seed - b.spec.seed,
    width: (a, b) => a.spec.width - b.spec.width || a.spec.seed - b.spec.seed,
  };
  return out.sort((a, b) => by[q.sort](a, b) || a.runId.localeCompare(b.runId));
}

/** The distinct values present, for the filter menus. */
export function facets(runs: readonly RunSummary[]): { teachers: string[]; widths: number[]; methods: string[]; outcomes: string[] } {
  const uniq = <T,>(xs: T[]) => [...new Set(xs)];
  return {
    teachers: uniq(runs.map((r) => dataLabel(r.spec))).sort(),
    widths: uniq(runs.map((r) => r.spec.width)).sort((a, b) => a - b),
    methods: uniq(runs.map((r) => r.spec.method)).sort(),
    outcomes: uniq(runs.map(runOutcome)).sort(),
  };
}
